/**
 * Constants of Stata's .dta formats 117, 118 and 119, from StataCorp's published description
 * ("[P] File formats .dta", help dta / dta_117 / dta_119). Shared by the reader (`dta.ts`) and the writer
 * (`../write/dta.ts`).
 */

/** Type codes in `<variable_types>` (1..2045 are str#). */
export const DTA_STRL = 32768;
export const DTA_DOUBLE = 65526;
export const DTA_FLOAT = 65527;
export const DTA_LONG = 65528;
export const DTA_INT = 65529;
export const DTA_BYTE = 65530;
export const DTA_MAX_STRF = 2045;

/** Largest non-missing values (larger are the missing codes `.`, `.a`...`.z`). */
export const DTA_BYTE_MAX = 100;
export const DTA_BYTE_MIN = -127;
export const DTA_INT_MAX = 32740;
export const DTA_INT_MIN = -32767;
export const DTA_LONG_MAX = 2147483620;
export const DTA_LONG_MIN = -2147483647;
/** +1.fffffffffffffX+3fe: doubles above it are missing codes. */
export const DTA_DOUBLE_MAX = 2 ** 1023 - 2 ** 970;
/** +1.fffffeX+7e: floats above it are missing codes. */
export const DTA_FLOAT_MAX = 2 ** 127 - 2 ** 103;
/** The bit patterns of `.` (system missing). */
export const DTA_MISSING_BYTE = 101;
export const DTA_MISSING_INT = 32741;
export const DTA_MISSING_LONG = 2147483621;
/** Double `.` is 0x7fe0000000000000 = 2^1023. */
export const DTA_MISSING_DOUBLE = 2 ** 1023;

/** Field sizes that differ between releases. */
export interface DtaLayout {
  release: 117 | 118 | 119;
  /** Bytes of K in the header. */
  kBytes: 2 | 4;
  /** Bytes of N in the header. */
  nBytes: 4 | 8;
  /** Bytes of the dataset-label length. */
  labelLenBytes: 1 | 2;
  /** Fixed widths of names, formats, value-label names, variable labels. */
  nameLen: number;
  formatLen: number;
  varLabelLen: number;
  /** Bytes per `<sortlist>` entry. */
  sortBytes: 2 | 4;
  /** Split of the 8-byte strL (v,o) field: bytes of v (o takes the rest). */
  voVBytes: 2 | 3 | 4;
  /** Bytes of o in a GSO header. */
  gsoOBytes: 4 | 8;
  /** Strings are UTF-8 (118, 119); 117 strings are ASCII / a Windows code page. */
  utf8: boolean;
}

export function dtaLayout(release: number): DtaLayout | undefined {
  if (release === 117) {
    return { release, kBytes: 2, nBytes: 4, labelLenBytes: 1, nameLen: 33, formatLen: 49, varLabelLen: 81, sortBytes: 2, voVBytes: 4, gsoOBytes: 4, utf8: false };
  }
  if (release === 118) {
    return { release, kBytes: 2, nBytes: 8, labelLenBytes: 2, nameLen: 129, formatLen: 57, varLabelLen: 321, sortBytes: 2, voVBytes: 2, gsoOBytes: 8, utf8: true };
  }
  if (release === 119) {
    return { release, kBytes: 4, nBytes: 8, labelLenBytes: 2, nameLen: 129, formatLen: 57, varLabelLen: 321, sortBytes: 4, voVBytes: 3, gsoOBytes: 8, utf8: true };
  }
  return undefined;
}

/** Bytes a value of type `typ` takes in `<data>`. */
export function dtaTypeWidth(typ: number): number {
  if (typ >= 1 && typ <= DTA_MAX_STRF) return typ;
  switch (typ) {
    case DTA_STRL:
      return 8;
    case DTA_DOUBLE:
      return 8;
    case DTA_FLOAT:
      return 4;
    case DTA_LONG:
      return 4;
    case DTA_INT:
      return 2;
    case DTA_BYTE:
      return 1;
    default:
      return -1;
  }
}

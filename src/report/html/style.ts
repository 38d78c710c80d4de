/** The report page's stylesheet (inline in every report; print-friendly; fonts from the reader's system). */
export const REPORT_CSS = `
:root{--ink:#1d2329;--muted:#5b6670;--rule:#d0d5da;--accent:#1f4e79}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.55 -apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei","PingFang SC",Roboto,Helvetica,Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:26px;margin:8px 0 4px}
h2{font-size:20px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--rule)}
.subtitle{color:var(--muted);margin:0 0 12px}
.banner{background:#fff4d6;border:1px solid #e0b84c;border-left:6px solid #d49a00;padding:10px 14px;margin:14px 0;border-radius:4px}
nav ol{margin:4px 0;padding-left:22px}
nav h2{border:none;font-size:16px;margin:18px 0 4px}
a{color:var(--accent)}
.table{overflow-x:auto;margin:14px 0}
.table table{margin:4px auto;font-variant-numeric:tabular-nums;font-size:14px}
.table caption,.caption{font-weight:600;margin-bottom:6px;text-align:center}
.table p small{display:block;text-align:center;color:var(--muted)}
figure{margin:18px 0;text-align:center}
figure svg{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:14px;margin-top:4px}
figcaption a.data{margin-left:10px;font-size:13px}
table.checks{border-collapse:collapse;margin:12px 0;font-size:14px}
table.checks caption{text-align:left;font-weight:600;padding-bottom:4px}
table.checks td{padding:3px 10px;border-top:1px solid var(--rule);vertical-align:top}
table.checks td.mark{font-weight:700;text-align:center}
table.checks tr.pass td.mark{color:#1e7b34}
table.checks tr.fail td.mark{color:#b0281a}
table.checks tr.na td.mark{color:var(--muted)}
table.checks td.detail{color:var(--muted)}
.provenance dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:13px}
.provenance dt{color:var(--muted)}
.provenance dd{margin:0;font-family:ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
@media print{main{max-width:none;padding:0}.banner{break-inside:avoid}figure,.table{break-inside:avoid}nav{display:none}}
`;

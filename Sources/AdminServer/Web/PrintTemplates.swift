/// The templates and print rules of the A4 pages (``PrintPages``) and of the search page (``SearchPage``).
extension WebTemplates {
    static let printTemplates: [(String, String)] = [
        ("printLayout", printLayout), ("printCertificate", printCertificate), ("printRating", printRating), ("search", search),
    ]

    /// The layout of a page meant for paper: no navigation, a one-line hint on screen only.
    static let printLayout = """
        <!doctype html>
        <html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ocop</title><style>{{{css}}}</style></head>
        <body class="printable"><p class="print-hint no-print">{{hint}} <a href="{{back}}">{{backText}}</a></p>
        <main>{{{body}}}</main></body></html>
        """

    static let printCertificate = """
        <article class="print-sheet certificate" id="certificate">
        <p class="nation"><strong>{{p.nation}}</strong><br>{{p.motto}}</p>
        <h1>{{p.certificateTitle}}</h1><p class="number">{{p.certificateNumber}} {{id}}</p>
        <p class="stars" aria-label="{{star}} {{p.starWord}}">{{stars}}</p>
        <table class="fields"><tbody>
        <tr><th>{{p.product}}</th><td><strong>{{product}}</strong></td></tr>
        <tr><th>{{p.subject}}</th><td>{{subject}}</td></tr>
        <tr><th>{{p.unit}}</th><td>{{unit}}</td></tr>
        <tr><th>{{p.star}}</th><td>{{star}} {{p.starWord}}</td></tr>
        <tr><th>{{p.level}}</th><td>{{level}}</td></tr>
        <tr><th>{{p.ruleSet}}</th><td>{{ruleSet}}</td></tr>
        <tr><th>{{p.decision}}</th><td>{{decision}}</td></tr>
        <tr><th>{{p.issued}}</th><td>{{issued}}</td></tr>
        <tr><th>{{p.expires}}</th><td>{{expires}}</td></tr>
        <tr><th>{{p.state}}</th><td>{{state}}</td></tr>
        </tbody></table>
        <p class="signature"><strong>{{p.signature}}</strong></p>
        </article>
        """

    static let printRating = """
        <article class="print-sheet rating" id="rating">
        <p class="nation"><strong>{{p.nation}}</strong><br>{{p.motto}}</p>
        <h1>{{p.ratingTitle}}</h1>
        <table class="fields"><tbody><tr><th>{{p.product}}</th><td><strong>{{product}}</strong></td></tr>
        <tr><th>{{p.subject}}</th><td>{{subject}}</td></tr><tr><th>{{p.unit}}</th><td>{{unit}}</td></tr></tbody></table>
        {{#none}}<p>{{p.noSheets}}</p>{{/none}}
        {{#sheets}}<section class="council-sheet"><h2>{{p.council}} {{level}} · {{p.round}} {{round}}</h2><p class="muted">{{p.ruleSet}}: {{ruleSet}}</p>
        {{#hasMembers}}<table class="scores"><thead><tr><th>{{p.member}}</th><th>{{p.partA}}</th><th>{{p.partB}}</th><th>{{p.partC}}</th><th>{{p.bonus}}</th><th>{{p.total}}</th><th>{{p.scored}}</th></tr></thead><tbody>
        {{#members}}<tr><td>{{member}}</td><td class="num">{{a}}</td><td class="num">{{b}}</td><td class="num">{{c}}</td><td class="num">{{bonus}}</td><td class="num"><strong>{{total}}</strong></td><td>{{scored}}</td></tr>{{/members}}
        </tbody></table>{{/hasMembers}}
        {{#rated}}<table class="fields"><tbody><tr><th>{{p.average}}</th><td><strong>{{average}}</strong></td></tr>
        <tr><th>{{p.result}}</th><td>{{star}} {{p.starWord}} <span class="stars">{{stars}}</span></td></tr>
        <tr><th>{{p.mandatory}}</th><td>{{#mandatory}}{{star}}: {{met}}; {{/mandatory}}</td></tr>
        <tr><th>{{p.outcome}}</th><td>{{decision}}</td></tr><tr><th>{{p.ratedOn}}</th><td>{{ratedOn}}</td></tr></tbody></table>{{/rated}}
        {{^rated}}<p class="muted">{{p.notRated}}</p>{{/rated}}
        </section>{{/sheets}}
        </article>
        """

    static let search = """
        <h1>{{t.search}}</h1><form method="get" action="/search" class="search-form" role="search">
        <label for="search-q">{{t.searchPlaceholder}}</label><input id="search-q" name="q" type="search" value="{{query}}" required minlength="2" maxlength="100">
        <button type="submit">{{t.search}}</button></form>
        {{#error}}<p class="flash error" role="alert">{{error}}</p>{{/error}}
        {{#asked}}{{^hasHits}}<p id="search-none">{{t.searchNothing}}</p>{{/hasHits}}{{/asked}}
        {{#hasHits}}<table class="list" id="search-results"><thead><tr><th>{{t.kind}}</th><th>{{t.name}}</th><th>{{t.subject}}</th><th>{{t.stage}}</th></tr></thead><tbody>
        {{#hits}}<tr><td>{{kind}}</td><td>{{#href}}<a href="{{href}}">{{name}}</a>{{/href}}{{^href}}{{name}}{{/href}}</td><td>{{detail}}</td><td>{{state}}</td></tr>{{/hits}}
        </tbody></table>{{/hasHits}}
        """

    /// Paper: A4 with margins, no navigation, forms or buttons, cards and table rows kept whole, headings kept with
    /// what follows; the A4 sheets' own look.
    static let printCSS = """
        .print-hint{background:#fff8e1;margin:0;padding:.5rem 1rem;font-size:.9rem}
        .print-sheet{background:#fff;max-width:48rem;margin:0 auto;padding:1.5rem 2rem;border:1px solid #e3e6ea}
        .print-sheet .nation{text-align:center;margin:0 0 1rem}.print-sheet h1{text-align:center;font-size:1.4rem}
        .print-sheet .number{text-align:center;margin:0}.print-sheet .stars{text-align:center;font-size:2rem;color:#c28b00;margin:.4rem 0}
        .print-sheet table.fields th{width:38%;font-weight:600}.print-sheet .signature{text-align:right;margin-top:3rem;padding-right:2rem}
        .print-sheet table.scores td.num{text-align:right}.print-sheet .council-sheet{margin-top:1rem}
        form.search-form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end}form.search-form label{width:100%}
        header form.nav-search input{width:11rem;padding:.2rem .4rem}header form.nav-search button{padding:.2rem .6rem}
        @page{size:A4;margin:15mm 15mm 18mm 20mm}
        @media print{
        header,nav,form,button,.no-print,.downloads,.print-hint,#actions{display:none !important}
        body{background:#fff;color:#000;font-size:11pt}main{max-width:none;padding:0;margin:0}
        section.card{border:0;padding:0;margin:0 0 8pt;break-inside:avoid}tr,li{break-inside:avoid}thead{display:table-header-group}
        h1,h2,h3{break-after:avoid}a{color:#000;text-decoration:none}
        .print-sheet{border:0;padding:0;max-width:none}.print-sheet .council-sheet + .council-sheet{break-before:page}
        table.list thead{position:static}table.list tr{display:table-row}table.list td{display:table-cell}
        }
        """
}

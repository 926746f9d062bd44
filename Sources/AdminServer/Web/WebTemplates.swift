import Mustache

/// The dashboard's templates (Mustache escapes every `{{value}}`; `{{{…}}}` only for HTML we built).
enum WebTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("layout", layout), ("signIn", signIn), ("pipeline", pipeline), ("list", list), ("instance", instance)] + accountTemplates + ntmTemplates + printTemplates + fieldTemplates {
            // The templates are constants of this file: a parse error is a programming error caught by the tests.
            try! library.register(text, named: name)
        }
        return library
    }()

    static let css = baseCSS + "\n" + ntmCSS + "\n" + printCSS + "\n" + OfflineAssets.css

    static let baseCSS = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f6f7f9;line-height:1.45}
        header{background:#0b5d3b;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.8rem;align-items:center}
        header a{color:#fff;text-decoration:none;font-weight:600}header nav{display:flex;gap:.8rem;align-items:center;margin-left:auto}
        header form{display:inline}button{font:inherit;padding:.35rem .8rem;border-radius:4px;border:1px solid #0b5d3b;background:#0b5d3b;color:#fff;cursor:pointer}
        header button{background:transparent;border-color:#fff}main{max-width:60rem;margin:0 auto;padding:1rem}
        table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1.2rem}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e3e6ea}
        td.num{text-align:right;font-variant-numeric:tabular-nums}.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;background:#e6f2ec;color:#0b5d3b;font-weight:600}
        .flash{padding:.6rem .8rem;border-radius:4px}.flash.ok{background:#e6f2ec}.flash.error{background:#fdecec;color:#8a1c1c}
        section.card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.8rem 1rem;margin:.8rem 0}
        label{display:block;margin:.3rem 0 .1rem;font-size:.9rem}input,select,textarea{font:inherit;padding:.3rem;width:100%;max-width:28rem;box-sizing:border-box}
        ol.timeline{padding-left:1.2rem}ol.timeline li{margin:.4rem 0}.muted{color:#5c6773;font-size:.9rem}.blocked li{color:#8a1c1c}ul.dossier{list-style:none;padding-left:0}ul.dossier li.missing{color:#8a1c1c}
        h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0 .8rem}h2{font-size:1.2rem;margin:.2rem 0 .5rem}h3{font-size:1.05rem;margin:.2rem 0}
        a{color:#0a58a8}.badge{white-space:normal}summary{cursor:pointer;color:#0a58a8}
        #actions form{border-top:1px solid #e3e6ea;padding-top:.6rem;margin-top:.6rem}#actions form:first-of-type{border-top:0;margin-top:0;padding-top:0}
        @media (max-width:600px){th,td{padding:.3rem}main{padding:.6rem}h1{font-size:1.35rem}h2{font-size:1.1rem}
        header{padding:.5rem .7rem;gap:.3rem .8rem}header nav{margin-left:0;width:100%;gap:.3rem .8rem;flex-wrap:wrap}header nav span{font-size:.9rem;flex:1 1 8rem}
        table.list thead{position:absolute;left:-10000px}table.list tr{display:flex;flex-wrap:wrap;gap:.15rem .5rem;align-items:baseline;padding:.5rem .6rem;border-bottom:1px solid #e3e6ea}
        table.list td{border:0;padding:0}table.list td:nth-child(2){font-weight:600;flex:1 1 10rem}table.list td:nth-child(3){flex:1 0 100%}
        table.list td:nth-child(4),table.list td:nth-child(5){color:#5c6773;font-size:.9rem}}
        """

    static let layout = """
        <!doctype html>
        <html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · ocop</title><style>{{{css}}}</style>
        <link rel="manifest" href="/app.webmanifest"><meta name="theme-color" content="#0b5d3b"><link rel="icon" href="/offline/icon.svg" type="image/svg+xml"></head>
        <body{{#user}} data-user="{{id}}"{{/user}}><header><a href="/pipeline">OCOP · NTM</a>{{#user}}<nav><a href="/pipeline">{{t.pipeline}}</a><a href="/producer">{{t.producerNav}}</a>{{#staff}}<a href="/ntm">{{t.ntm}}</a><a href="/ntm/field">{{t.fieldNav}}</a><a href="/report">{{t.report}}</a>{{/staff}}<form method="get" action="/search" class="nav-search" role="search"><input name="q" type="search" aria-label="{{t.search}}" placeholder="{{t.search}}" minlength="2" maxlength="100"><button type="submit">{{t.search}}</button></form><a href="/account" id="account">{{name}}</a>{{#staff}}<a href="/users">{{t.users}}</a>{{/staff}}
        <form method="post" action="/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.signOut}}</button></form></nav>{{/user}}</header>
        <div id="offline-bar" class="offline-bar" role="status" aria-live="polite"></div>
        <main>{{#flash}}<p class="flash {{kind}}" role="status">{{text}}</p>{{/flash}}<aside id="sync-panel" class="sync-panel" hidden></aside>{{{body}}}</main><script src="/offline/app.js" defer></script></body></html>
        """

    static let signIn = """
        <h1>{{t.signInTitle}}</h1><section class="card"><form method="post" action="/sign-in" id="password-sign-in">
        <label for="user">{{t.userName}}</label><input id="user" name="user" value="{{userName}}" autocomplete="username" autocapitalize="none" spellcheck="false" required>
        <label for="password">{{t.password}}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <p><button type="submit">{{t.signIn}}</button></p><p class="muted">{{t.forgotPassword}}</p></form></section>
        <details class="card"><summary>{{t.tokenSignIn}}</summary><form method="post" action="/sign-in" id="token-sign-in">
        <label for="token">{{t.token}}</label><input id="token" name="token" type="password" autocomplete="off" required>
        <p class="muted">{{t.tokenHelp}}</p><button type="submit">{{t.signIn}}</button></form></details>
        """

    static let pipeline = """
        <h1>{{t.pipelineTitle}}</h1>
        {{#hasDeadlines}}<section class="card" id="deadlines"><h2>{{t.deadlines}}</h2><table><thead><tr><th>{{t.name}}</th><th>{{t.stage}}</th><th>{{t.deadline}}</th></tr></thead><tbody>
        {{#deadlines}}<tr><td><a href="/instances/{{id}}">{{name}}</a></td><td>{{what}}</td><td>{{when}}</td></tr>{{/deadlines}}
        </tbody></table></section>{{/hasDeadlines}}
        {{#hasNotifications}}<section class="card" id="notifications"><h2>{{t.notifications}}</h2><ul>
        {{#notifications}}<li><span class="muted">{{when}} · {{status}}</span> {{subject}}</li>{{/notifications}}
        </ul></section>{{/hasNotifications}}
        {{^workflows}}<p>{{t.nothing}}</p>{{/workflows}}
        {{#workflows}}<section class="card"><h2>{{title}}</h2><table><thead><tr><th>{{t.stage}}</th><th>{{t.count}}</th></tr></thead><tbody>
        {{#states}}<tr><td><a href="/instances?workflow={{workflow}}&amp;state={{code}}">{{label}}</a></td><td class="num">{{count}}</td></tr>{{/states}}
        </tbody></table>{{#hasDue}}<ul class="due">{{#due}}<li class="muted">{{text}}</li>{{/due}}</ul>{{/hasDue}}</section>{{/workflows}}
        """

    static let list = """
        <h1>{{heading}}</h1><table class="list"><thead><tr><th>#</th><th>{{t.name}}</th><th>{{t.stage}}</th><th>{{t.unit}}</th><th>{{t.updated}}</th></tr></thead><tbody>
        {{#items}}<tr><td><a href="/instances/{{id}}">{{id}}</a></td><td>{{name}}</td><td><span class="badge">{{state}}</span></td><td>{{unit}}</td><td>{{updated}}</td></tr>{{/items}}
        </tbody></table>
        """

    static let instance = """
        <h1>{{name}}</h1><p><span class="badge" id="stage">{{state}}</span> <span class="muted">{{workflow}} #{{id}} · {{t.version}} {{version}}</span></p>{{#due}}<p class="muted" id="due">{{due}}</p>{{/due}}
        {{#printLinks}}<p class="no-print print-links"><a href="{{href}}">{{text}}</a></p>{{/printLinks}}
        <section class="card"><h2>{{t.facts}}</h2><table>{{#facts}}<tr><th>{{key}}</th><td>{{value}}</td></tr>{{/facts}}</table></section>
        {{#hasDossier}}<section class="card" id="dossier"><h2>{{t.dossier}}</h2><ul class="dossier">{{#dossier}}<li{{#missing}} class="missing"{{/missing}}{{#code}} id="item-{{code}}" data-status="{{status}}"{{/code}}><span aria-hidden="true">{{mark}}</span> {{key}}: {{value}}{{#files}} <a class="file" href="/documents/{{id}}" download>{{name}}</a> <span class="muted">({{size}})</span>{{/files}}</li>{{/dossier}}</ul>
        {{#upload}}<form id="upload" method="post" action="/instances/{{id}}/documents" enctype="multipart/form-data"><h3>{{heading}}</h3><input type="hidden" name="csrf" value="{{csrf}}">
        <label for="upload-item">{{itemLabel}}</label><select id="upload-item" name="item">{{#items}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/items}}</select>
        <label for="upload-file">{{fileLabel}} <span class="muted">(PDF, JPEG, PNG, DOCX, XLSX; ≤ {{limit}})</span></label><input id="upload-file" name="file" type="file" accept="{{accept}}" required>
        <p><button type="submit">{{button}}</button></p></form>{{/upload}}</section>{{/hasDossier}}
        <section class="card" id="actions"><h2>{{t.actions}}</h2>{{^available}}<p class="muted">{{t.noActions}}</p>{{/available}}
        {{#available}}<form method="post" action="/instances/{{id}}/events/{{event}}"{{#field}} data-field-entry="event" data-record="{{id}}" data-event="{{event}}" data-version="{{version}}"{{/field}}><h3>{{label}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="version" value="{{version}}">
        {{#inputs}}<label for="{{event}}-{{name}}">{{label}}{{#required}} *{{/required}}{{#isDate}} <span class="muted">(dd/mm/yyyy)</span>{{/isDate}}</label>
        {{#isSelect}}<select id="{{event}}-{{name}}" name="in_{{name}}" {{#required}}required{{/required}}>{{^required}}<option value=""></option>{{/required}}{{#options}}<option value="{{code}}">{{name}}</option>{{/options}}</select>{{/isSelect}}
        {{^isSelect}}<input id="{{event}}-{{name}}" name="in_{{name}}" type="{{html}}"{{#isDate}} placeholder="dd/mm/yyyy" inputmode="numeric" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}" autocomplete="off"{{/isDate}}{{#numeric}} inputmode="decimal"{{/numeric}} {{#required}}required{{/required}}>{{/isSelect}}{{/inputs}}
        <label for="{{event}}-comment">{{t.comment}}</label><input id="{{event}}-comment" name="comment">
        {{#legalField}}<label for="{{event}}-legal">{{t.legalRef}}</label><input id="{{event}}-legal" name="legal_ref">{{/legalField}}
        <p><button type="submit">{{label}}</button></p></form>{{/available}}
        {{#hasBlocked}}<details><summary>{{t.blocked}}</summary><ul class="blocked">{{#blocked}}<li><strong>{{label}}</strong>: {{reasons}}</li>{{/blocked}}</ul></details>{{/hasBlocked}}
        </section>
        <section class="card" id="history"><h2>{{t.history}}</h2><ol class="timeline">{{#history}}<li><strong>{{time}}</strong> — {{event}}: {{from}} → {{to}}
        <span class="muted">({{actor}}, {{role}}{{^empty(onBehalfOf)}}, {{t.onBehalf}} {{onBehalfOf}}{{/empty(onBehalfOf)}})</span>{{^empty(legalRef)}} · {{legalRef}}{{/empty(legalRef)}}{{^empty(comment)}} · “{{comment}}”{{/empty(comment)}}</li>{{/history}}</ol></section>
        """
}

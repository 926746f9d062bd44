extension WebTemplates {
    /// One's account (password, language), an officer's list of producers' passwords, and the error page.
    static let accountTemplates: [(String, String)] = [("account", account), ("users", users), ("error", error), ("producer", producer)]

    static let producer = """
        <h1>{{t.producerTitle}}</h1>{{^hasItems}}<p>{{t.producerNothing}}</p>{{/hasItems}}
        {{#items}}<section class="card producer-item" id="item-{{id}}"><h2><a href="/instances/{{id}}">{{name}}</a> {{#star}}<span class="badge">{{star}}</span>{{/star}}</h2>
        <p class="muted">{{kind}} #{{id}} · {{subject}}</p><p><span class="badge stage">{{state}}</span></p>
        {{#hasMissing}}<h3>{{t.missingItems}}</h3><ul class="dossier">{{#missing}}<li class="missing">✗ {{.}}</li>{{/missing}}</ul>{{/hasMissing}}
        {{#hasDeadlines}}<h3>{{t.deadlines}}</h3><ul>{{#deadlines}}<li>{{when}} — {{what}}</li>{{/deadlines}}</ul>{{/hasDeadlines}}
        {{#hasScores}}<h3>{{t.scores}}</h3><table class="scores"><thead><tr><th>{{t.council}}</th><th>{{t.round}}</th><th>{{t.average}}</th><th>{{t.sheets}}</th><th>{{t.day}}</th></tr></thead><tbody>
        {{#scores}}<tr><td>{{level}}</td><td class="num">{{round}}</td><td class="num">{{average}} ({{star}})</td><td class="num">{{sheets}}</td><td>{{on}}</td></tr>{{/scores}}</tbody></table>{{/hasScores}}
        {{#hasCertificates}}<h3>{{t.certificatesHeading}}</h3><ul class="certificates">{{#certificates}}<li>{{star}} — {{decision}}, {{from}}–{{to}}: <strong>{{state}}</strong></li>{{/certificates}}</ul>{{/hasCertificates}}
        {{#hasClaims}}<h3>{{t.claimsHeading}}</h3><table class="claims"><thead><tr><th>{{t.policy}}</th><th>{{t.amountWord}}</th><th>{{t.stage}}</th><th>{{t.paidWord}}</th></tr></thead><tbody>
        {{#claims}}<tr><td>{{policy}} ({{star}})</td><td class="num">{{amount}}</td><td>{{state}}</td><td>{{paid}}</td></tr>{{/claims}}</tbody></table>{{/hasClaims}}
        {{#hasReasons}}<h3>{{t.reasonsHeading}}</h3><ul class="reasons">{{#reasons}}<li><strong>{{when}}</strong> {{what}}{{#reason}}: {{reason}}{{/reason}}{{#legal}} ({{legal}}){{/legal}}</li>{{/reasons}}</ul>{{/hasReasons}}
        </section>{{/items}}
        """

    static let account = """
        <h1>{{t.account}}</h1><p class="muted">{{name}} · {{t.userName}}: <strong>{{userID}}</strong></p>
        <section class="card" id="change-password"><h2>{{t.changePassword}}</h2><form method="post" action="/account/password">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="current">{{t.currentPassword}}</label><input id="current" name="current" type="password" autocomplete="current-password" required>
        <label for="new">{{t.newPassword}}</label><input id="new" name="new" type="password" autocomplete="new-password" minlength="10" required>
        <label for="repeat">{{t.repeatPassword}}</label><input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="10" required>
        <p class="muted">{{t.passwordRules}}</p><p><button type="submit">{{t.changePassword}}</button></p></form></section>
        <section class="card" id="language"><h2>{{t.languageTitle}}</h2><form method="post" action="/account/language">
        <input type="hidden" name="csrf" value="{{csrf}}"><label for="language-choice">{{t.languageLabel}}</label>
        <select id="language-choice" name="language"><option value="vi"{{#vi}} selected{{/vi}}>Tiếng Việt</option><option value="en"{{#en}} selected{{/en}}>English</option></select>
        <p><button type="submit">{{t.save}}</button></p></form></section>
        {{#hasChanges}}<section class="card"><h2>{{t.passwordHistory}}</h2><ul>{{#changes}}<li>{{when}} — {{what}} ({{by}})</li>{{/changes}}</ul></section>{{/hasChanges}}
        """

    static let users = """
        <h1>{{t.users}}</h1><p class="muted">{{t.usersHelp}}</p>{{^hasUsers}}<p>{{t.noUsers}}</p>{{/hasUsers}}
        {{#hasUsers}}<table class="list" id="users"><thead><tr><th>{{t.userName}}</th><th>{{t.name}}</th><th>{{t.password}}</th><th></th></tr></thead><tbody>
        {{#users}}<tr><td>{{id}}</td><td>{{name}}</td><td>{{state}}</td><td><form method="post" action="/users/{{id}}/password-reset">
        <input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="reset-{{id}}">{{t.resetPassword}}</button></form></td></tr>{{/users}}
        </tbody></table>{{/hasUsers}}
        """

    static let error = """
        <h1>{{heading}}</h1><section class="card" id="error"><p>{{detail}}</p><p class="muted">{{t.errorHelp}} {{requestID}}</p>
        <p><a href="/pipeline">{{t.backHome}}</a></p></section>
        """
}

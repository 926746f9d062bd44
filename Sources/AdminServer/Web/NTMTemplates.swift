/// The NTM and report pages' templates (see ``NTMPages`` and ``NTMViews`` for their data). Progress bars are
/// `<progress>` elements with the figure written beside them, so they read on a phone and without CSS; forecasts
/// carry the `forecast` class and sit in their own dashed card.
extension WebTemplates {
    static let ntmTemplates: [(String, String)] = [
        ("asOfForm", asOfForm), ("ntmUnit", ntmUnit), ("ntmGroups", ntmGroups), ("ntmOthers", ntmOthers), ("ntm", ntm), ("report", report),
    ]

    /// The date picker: GET, so it is bookmarkable and needs no CSRF token.
    static let asOfForm = """
        {{#form}}<form method="get" action="{{action}}" class="asof"><label for="asOf">{{t.asOfLabel}}</label><div class="row">
        <input type="text" id="asOf" name="asOf" value="{{asOfDisplay}}" placeholder="dd/mm/yyyy" inputmode="numeric" pattern="\\d{1,2}/\\d{1,2}/\\d{4}|\\d{4}-\\d{2}-\\d{2}" maxlength="10" required>
        {{#hasChoices}}<select name="district" aria-label="{{t.districtLabel}}">{{#choices}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/choices}}</select>{{/hasChoices}}
        <button type="submit">{{t.show}}</button></div></form>{{/form}}
        """

    /// One unit: name and state, "x/N" as a bar, model conditions, % KH, blockers.
    static let ntmUnit = """
        <li class="unit" data-unit="{{code}}"><div class="unit-head"><strong class="unit-name">{{name}}</strong>{{#state}} <span class="badge state">{{state}}</span>{{/state}}</div>
        {{#recognition}}<p class="recognition">{{recognition}}</p>{{/recognition}}
        {{#criteria}}<div class="meter"><progress value="{{x}}" max="{{n}}" aria-label="{{aria}}">{{text}}</progress>
        <span class="count">{{text}}</span> <span class="muted">{{t.criteriaWord}} {{label}}</span></div>
        <p class="muted set">{{setName}}{{#provisional}} — {{t.provisional}}{{/provisional}}{{#split}} · {{split}}{{/split}}</p>{{/criteria}}
        {{#model}}<div class="meter model"><progress value="{{met}}" max="{{total}}" aria-label="{{label}}">{{met}}/{{total}}</progress>
        <span class="count">{{met}}/{{total}}</span> <span class="muted">{{t.modelConditions}}</span></div>{{/model}}
        {{#progress}}<p class="plan{{#forecast}} forecast{{/forecast}}">{{t.planVolume}}: <strong class="range">{{text}}</strong> {{t.ofPlan}} <span class="kind">({{kindLabel}})</span></p>{{/progress}}
        {{#hasBlockers}}<ul class="blockers">{{#blockers}}<li>⚠ {{text}}</li>{{/blockers}}</ul>{{/hasBlockers}}</li>
        """

    /// The commune groups, each with its % KH range.
    static let ntmGroups = """
        {{#groups}}<section class="card ntm-group" id="group-{{id}}"><h2>{{title}}</h2>
        {{#range}}<p class="group-range{{#forecast}} forecast{{/forecast}}">{{t.groupRange}}: <strong>{{text}}</strong> {{t.ofPlan}} <span class="kind">({{kindLabel}})</span></p>{{/range}}
        <ul class="units">{{#units}}{{>ntmUnit}}{{/units}}</ul></section>{{/groups}}
        """

    /// Towns, residential scopes (with their counts for a caller covering the district) and the forecasts, apart.
    static let ntmOthers = """
        {{#hasTowns}}<section class="card" id="towns"><h2>{{t.towns}}</h2><ul class="units">{{#towns}}{{>ntmUnit}}{{/towns}}</ul></section>{{/hasTowns}}
        {{#hasResidential}}<section class="card" id="residential"><h2>{{t.residential}}</h2>{{#residential}}<div class="scope"><h3>{{title}}</h3>
        {{#summary}}<p>{{t.registeredYear}} <strong>{{registered}}</strong> · {{t.recognised}} <strong>{{recognised}}</strong>
        {{#byState}} · {{label}} <strong>{{count}}</strong>{{/byState}}</p>{{/summary}}
        {{#range}}<p class="group-range{{#forecast}} forecast{{/forecast}}">{{t.planVolume}}: <strong>{{text}}</strong> {{t.ofPlan}} <span class="kind">({{kindLabel}})</span></p>{{/range}}
        {{#hasUnits}}<details{{^summary}} open{{/summary}}><summary>{{t.unitList}} ({{unitCount}})</summary><ul class="units">{{#units}}{{>ntmUnit}}{{/units}}</ul></details>{{/hasUnits}}
        </div>{{/residential}}</section>{{/hasResidential}}
        {{#hasForecasts}}<section class="card forecast" id="forecasts"><h2>{{t.forecasts}}</h2><p class="muted">{{t.forecastNote}}</p><ul>
        {{#forecasts}}<li>{{title}}: <strong>{{count}}</strong> {{t.byDate}} {{byDate}} <span class="muted">({{t.forecastAsOf}} {{asOf}}{{^empty(note)}}; {{note}}{{/empty(note)}})</span></li>{{/forecasts}}
        </ul></section>{{/hasForecasts}}
        """

    static let ntm = """
        <h1>{{t.ntmTitle}}</h1>{{^denied}}<p class="lead">{{districtName}} · {{t.asOfText}} <strong id="as-of">{{asOfText}}</strong></p>{{>asOfForm}}
        {{^hasUnits}}<p>{{t.noUnits}}</p>{{/hasUnits}}
        {{#districtUnit}}<section class="card" id="district"><h2>{{t.districtTarget}}</h2><ul class="units">{{>ntmUnit}}</ul></section>{{/districtUnit}}
        {{>ntmGroups}}{{>ntmOthers}}{{/denied}}
        """

    static let report = """
        <h1>{{t.reportTitle}}</h1>{{#denied}}<p><a href="/ntm">{{t.ntmTitle}}</a></p>{{/denied}}{{^denied}}
        <p class="lead">{{districtName}} · {{t.asOfText}} <strong id="as-of">{{asOfText}}</strong>{{#year}} · {{t.year}} {{year}}{{/year}}</p>{{>asOfForm}}
        <p class="downloads"><a href="/report.csv?{{query}}" download>{{t.downloadCSV}}</a> <a href="/report.json?{{query}}">{{t.downloadJSON}}</a> <a id="download-xlsx" href="/report.xlsx?{{query}}" download>{{t.downloadXLSX}}</a> <a id="print-report" href="/report?{{query}}&amp;print=1">{{t.print}}</a></p>
        {{^hasUnits}}<p>{{t.noUnits}}</p>{{/hasUnits}}
        {{#districtCriteria}}<section class="card" id="district-criteria"><h2>{{t.districtCriteria}}</h2><p class="muted">{{setName}}</p>
        {{#districtUnit}}<ul class="units">{{>ntmUnit}}</ul>{{/districtUnit}}
        <table><thead><tr><th>{{t.criterion}}</th>{{#hasStatus}}<th>{{t.status}}</th>{{/hasStatus}}<th>{{t.planVolume}}</th></tr></thead><tbody>
        {{#rows}}<tr><td>{{name}}{{^empty(note)}} <span class="muted">— {{note}}</span>{{/empty(note)}}</td>{{#hasStatus}}<td>{{status}}</td>{{/hasStatus}}<td class="num{{#forecast}} forecast{{/forecast}}">{{range}}</td></tr>{{/rows}}
        </tbody></table></section>{{/districtCriteria}}
        {{#hasResults}}<section class="card" id="results"><h2>{{t.results}}</h2><ul>{{#results}}<li>{{label}}{{^empty(quantity)}}: <strong>{{quantity}}</strong>{{/empty(quantity)}}{{^empty(detail)}} — {{detail}}{{/empty(detail)}} <span class="muted">({{unit}}, {{asOf}})</span></li>{{/results}}</ul></section>{{/hasResults}}
        {{>ntmGroups}}{{>ntmOthers}}
        {{#ocop}}<section class="card" id="ocop"><h2>{{t.ocop}}</h2><ul>
        <li>{{t.ideasProposed}}: <strong>{{ideasProposed}}</strong>; {{t.ideasApproved}} <strong>{{approvedCount}}</strong>, {{t.ideasRejected}} <strong>{{ideasRejected}}</strong>, {{t.ideasAwaiting}} <strong>{{ideasAwaiting}}</strong>
        <ul>{{#ideasApproved}}<li>{{name}} – {{unit}}</li>{{/ideasApproved}}</ul></li>
        {{#hasProducts}}<li>{{t.productsInDevelopment}}<ul>{{#products}}<li>{{name}} – {{unit}} <span class="muted">({{state}})</span></li>{{/products}}</ul></li>{{/hasProducts}}
        {{#hasStars}}<li>{{t.certificates}}:{{#starCounts}} {{stars}} <strong>{{count}}</strong>{{/starCounts}}</li>{{/hasStars}}
        {{#hasExpiring}}<li>{{t.expiring}} {{expiringDays}} {{t.days}}<ul>{{#expiring}}<li>{{name}} – {{unit}}{{#date}} <span class="muted">({{date}})</span>{{/date}}</li>{{/expiring}}</ul></li>{{/hasExpiring}}
        {{#hasClaims}}<li>{{t.claimsAccepted}}<ul>{{#claims}}<li>{{name}} – {{unit}}{{#stars}} {{stars}}{{/stars}}</li>{{/claims}}</ul></li>{{/hasClaims}}
        </ul></section>{{/ocop}}{{/denied}}
        """

    /// The pages' own rules, appended to ``css``.
    static let ntmCSS = """
        p.lead{margin:.2rem 0 .6rem}form.asof{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
        form.asof .row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}form.asof input,form.asof select{width:auto;flex:1 1 10rem}
        p.downloads{display:flex;flex-wrap:wrap;gap:.4rem 1rem}ul.units{list-style:none;margin:0;padding:0}
        li.unit{border-top:1px solid #e3e6ea;padding:.6rem 0}li.unit:first-child{border-top:0}.unit-head{display:flex;flex-wrap:wrap;gap:.3rem .6rem;align-items:baseline}
        .unit-name{font-size:1.05rem}.meter{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .6rem;margin:.3rem 0}
        .meter progress{flex:1 1 8rem;max-width:18rem;height:.9rem;accent-color:#0b5d3b}.meter .count{font-weight:700;font-variant-numeric:tabular-nums;min-width:3.2rem}
        .meter.model progress{accent-color:#0a58a8}p.set,p.plan,p.group-range{margin:.15rem 0}ul.blockers{margin:.3rem 0;padding-left:1.1rem;color:#8a1c1c}
        .forecast{font-style:italic;color:#6b4e00}section.card.forecast{border:2px dashed #c9a227;background:#fffbea;font-style:normal;color:inherit}
        .scope{border-top:1px solid #e3e6ea;padding-top:.4rem;margin-top:.4rem}.scope:first-of-type{border-top:0}
        """
}

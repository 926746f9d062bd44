import Foundation
import LibPQ
import OCOP
import Workflow

/// The report's residential units (villages, residential groups, clusters, gardens) and its OCOP section.
extension DistrictReportBuilder.Run {
    // MARK: Residential units

    static let residentialScopes: [(CriteriaSet.Scope, Bilingual)] = [
        (.villageModel, Bilingual(vi: "Khu dân cư nông thôn mới kiểu mẫu (thôn)", en: "Model NTM residential areas (villages)")),
        (.residentialGroupCivilised, Bilingual(vi: "Tổ dân phố văn minh", en: "Civilised residential groups (TDP)")),
        (.ecoCluster, Bilingual(vi: "Cụm dân cư sinh thái văn hóa", en: "Eco-cultural residential clusters")),
        (.ecoGardenHouse, Bilingual(vi: "Nhà vườn sinh thái", en: "Eco garden-houses")),
        (.modelGarden, Bilingual(vi: "Vườn mẫu", en: "Model gardens")),
    ]

    mutating func residential() throws -> [DistrictReport.ScopeSummary] {
        var result: [DistrictReport.ScopeSummary] = []
        for (scope, title) in Self.residentialScopes {
            let ofScope = registrations.filter { $0.scope == scope }
            let thisYear = ofScope.filter { $0.year == asOf.year }
            var byState: [String: (Bilingual, Int)] = [:]
            var order: [String] = []
            var units: [DistrictReport.UnitProgress] = []
            for registration in thisYear {
                if byState[registration.state] == nil {
                    order.append(registration.state)
                    byState[registration.state] = (try stateLabel(registration), 0)
                }
                byState[registration.state]!.1 += 1
                units.append(try progress(of: registration))
            }
            let forecast = try self.forecast(scope)
            let recognised = ofScope.filter(\.recognised).count
            guard !thisYear.isEmpty || recognised > 0 || forecast != nil else { continue }
            result.append(
                DistrictReport.ScopeSummary(
                    scope: scope.rawValue, title: title, registered: thisYear.count,
                    byState: order.map { DistrictReport.StateCount(state: $0, label: byState[$0]!.0, count: byState[$0]!.1) },
                    recognised: recognised, progress: Self.span(units.compactMap(\.progress)), forecast: forecast, units: units))
        }
        return result
    }

    func forecast(_ scope: CriteriaSet.Scope) throws -> DistrictReport.Forecast? {
        guard
            let row = try connection.query(
                """
                SELECT count_min, count_max, to_char(by_date, 'YYYY-MM-DD') AS by_day, to_char(as_of, 'YYYY-MM-DD') AS day, note
                FROM ntm_forecast
                WHERE unit_code = ANY(\(subtree)) AND scope = \(scope.rawValue) AND as_of <= \(asOf.iso)::date
                  AND by_date >= \(asOf.iso)::date AND extract(year FROM by_date) = \(asOf.year)
                ORDER BY as_of DESC, by_date LIMIT 1
                """
            ).first
        else { return nil }
        return DistrictReport.Forecast(
            min: try row.decode("count_min"), max: try row.decode("count_max"), byDate: LocalDate(iso: try row.decode("by_day")) ?? asOf,
            asOf: LocalDate(iso: try row.decode("day")) ?? asOf, note: try row.decode("note"))
    }

    // MARK: OCOP

    /// Whether the instance's history reached `state` by the day.
    func reached(_ state: String, alias: String = "i") -> Query {
        "EXISTS (SELECT 1 FROM workflow_transition t WHERE t.instance_id = \(identifier: alias).instance_id AND t.to_state = \(state) AND t.at < \(end))"
    }

    /// The state as of the day (SQL).
    func stateAsOf(_ alias: String) -> Query {
        "(SELECT t.to_state FROM workflow_transition t WHERE t.instance_id = \(identifier: alias).instance_id AND t.at < \(end) ORDER BY t.seq DESC LIMIT 1)"
    }

    mutating func items(_ query: Query, withAmount: Bool = false) throws -> [DistrictReport.OCOPItem] {
        var result: [DistrictReport.OCOPItem] = []
        for row in try connection.query(query) {
            let definitionID: Int64 = try row.decode("definition_id")
            if labels[definitionID] == nil { labels[definitionID] = try builder.workflows.engine(definitionID: definitionID, on: connection).definition }
            let state: String = try row.decode("state")
            let day: String? = try row.decode("day")
            result.append(
                DistrictReport.OCOPItem(
                    id: try row.decode("id"), name: try row.decode("name"),
                    unit: DistrictReport.UnitRef(code: try row.decode("unit_code"), name: try row.decode("unit_name")), state: state,
                    stateLabel: labels[definitionID]?.state(state)?.label ?? Bilingual(vi: state, en: state), stars: try row.decode("stars"),
                    date: day.flatMap { LocalDate(iso: $0) }, amount: withAmount ? try row.decode("amount", as: Int64?.self).map { VND($0) } : nil))
        }
        return result
    }

    mutating func ocop() throws -> DistrictReport.OCOPSection {
        let year = asOf.year
        let ideas: Query = """
            FROM ocop_idea x JOIN workflow_instance w ON w.id = x.instance_id JOIN admin_unit u ON u.code = x.unit_code
            WHERE x.cycle_year = \(year) AND x.unit_code = ANY(\(subtree))
            """
        let counts = try connection.query(
            """
            SELECT count(*) FILTER (WHERE \(reached("PROPOSED", alias: "x"))) AS proposed,
                   count(*) FILTER (WHERE \(reached("REJECTED", alias: "x"))) AS rejected,
                   count(*) FILTER (WHERE \(stateAsOf("x")) = 'PROPOSED') AS awaiting
            \(ideas)
            """
        ).single()
        let approved = try items(
            """
            SELECT x.instance_id AS id, w.definition_id, x.name, x.unit_code, u.name AS unit_name, \(stateAsOf("x")) AS state,
                NULL::int AS stars, NULL::text AS day
            \(ideas) AND \(reached("APPROVED", alias: "x")) ORDER BY x.instance_id
            """)
        let developing = try items(
            """
            SELECT * FROM (
                SELECT p.instance_id AS id, w.definition_id, p.name, p.unit_code, u.name AS unit_name, \(stateAsOf("p")) AS state,
                    NULL::int AS stars, NULL::text AS day
                FROM ocop_product p JOIN workflow_instance w ON w.id = p.instance_id JOIN admin_unit u ON u.code = p.unit_code
                WHERE p.unit_code = ANY(\(subtree))) s
            WHERE state IN ('PLANNING', 'PLAN_SUBMITTED', 'DEVELOPING', 'DOSSIER_SUBMITTED', 'DOSSIER_INCOMPLETE', 'DOSSIER_VALID',
                'FIELD_CHECKED')
            ORDER BY id
            """)
        let inForce: Query = """
            SELECT * FROM (
                SELECT c.instance_id AS id, w.definition_id, p.name, p.unit_code, u.name AS unit_name,
                    ocop_certificate_state(c.instance_id, c.issued_on, c.expires_on, \(asOf.iso)::date) AS state,
                    c.star::int AS stars, to_char(c.expires_on, 'YYYY-MM-DD') AS day, c.issued_on, c.expires_on
                FROM ocop_certificate c JOIN workflow_instance w ON w.id = c.instance_id
                JOIN ocop_product p ON p.instance_id = c.product_instance_id JOIN admin_unit u ON u.code = p.unit_code
                WHERE p.unit_code = ANY(\(subtree))
                  AND ocop_certificate_in_force(c.instance_id, c.issued_on, c.expires_on, \(asOf.iso)::date)) s
            WHERE true
            """
        let certificates = try items("\(inForce) ORDER BY id")
        var byStars: [Int: Int] = [:]
        for certificate in certificates { byStars[certificate.stars ?? 0, default: 0] += 1 }
        let expiring = try items(
            "\(inForce) AND expires_on > \(asOf.iso)::date AND expires_on <= \(asOf.iso)::date + \(builder.expiringWithinDays)::int ORDER BY expires_on, id")
        let claims = try items(
            """
            SELECT k.instance_id AS id, w.definition_id, p.name, p.unit_code, u.name AS unit_name, \(stateAsOf("k")) AS state,
                k.star::int AS stars, k.amount::bigint AS amount,
                (SELECT to_char(min(t.at AT TIME ZONE 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') FROM workflow_transition t
                    WHERE t.instance_id = k.instance_id AND t.to_state = 'ACCEPTED') AS day
            FROM ocop_claim k JOIN workflow_instance w ON w.id = k.instance_id
            JOIN ocop_product p ON p.instance_id = k.product_instance_id JOIN admin_unit u ON u.code = p.unit_code
            WHERE p.unit_code = ANY(\(subtree)) AND EXISTS (
                SELECT 1 FROM workflow_transition t WHERE t.instance_id = k.instance_id AND t.to_state = 'ACCEPTED' AND t.at < \(end)
                  AND t.at >= (\(yearStart.iso)::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))
            ORDER BY k.instance_id
            """, withAmount: true)
        return DistrictReport.OCOPSection(
            ideasProposed: try counts.decode("proposed"), ideasApproved: approved, ideasRejected: try counts.decode("rejected"),
            ideasAwaitingDecision: try counts.decode("awaiting"), productsInDevelopment: developing, certificatesByStars: byStars,
            certificatesExpiring: expiring, expiringWithinDays: builder.expiringWithinDays, claimsAccepted: claims)
    }
}

import HTTPTypes
import Hummingbird

extension OpenAPIRoute {
    /// The schemas of the district report and NTM progress (`/api/v1/reports/district`, `/api/v1/ntm/units`), as
    /// `DistrictReport` encodes them; spliced into ``document`` under `components.schemas`.
    static let reportSchemas = """
            Bilingual:
              type: object
              required: [vi, en]
              properties: { vi: { type: string }, en: { type: string } }
            UnitRef:
              type: object
              required: [code, name]
              properties: { code: { type: string }, name: { type: string } }
            ProgressRange:
              description: a % range of the year's planned volume (% KH); min = max for a single figure
              type: object
              required: [min, max, kind, asOf]
              properties:
                min: { type: number }
                max: { type: number }
                kind: { type: string, enum: [achieved, estimate, forecast] }
                asOf: { type: string, format: date }
            CriteriaCount:
              description: "x/N criteria: metOrBasicallyMet of total; the split is known for per-criterion counts"
              type: object
              required: [criteriaSet, criteriaSetName, setIssued, total, metOrBasicallyMet, source, asOf]
              properties:
                criteriaSet: { type: string }
                criteriaSetName: { $ref: "#/components/schemas/Bilingual" }
                setIssued: { type: boolean, description: false for a provisional set (no issuing decision yet) }
                total: { type: integer }
                met: { type: integer }
                basicallyMet: { type: integer }
                notYetMet: { type: integer }
                metOrBasicallyMet: { type: integer }
                source: { type: string, enum: [per-criterion, reported-count] }
                asOf: { type: string, format: date }
            UnitProgress:
              type: object
              required: [unit, blockers]
              properties:
                unit: { $ref: "#/components/schemas/UnitRef" }
                scope: { type: string, description: "the registration's scope, e.g. commune-model" }
                registrationID: { type: integer }
                registrationYear: { type: integer }
                state: { type: string, description: "the registration's state as of the date, e.g. IMPLEMENTING" }
                stateLabel: { $ref: "#/components/schemas/Bilingual" }
                criteria: { $ref: "#/components/schemas/CriteriaCount" }
                modelConditionsMet: { type: integer }
                modelConditionsTotal: { type: integer }
                progress: { $ref: "#/components/schemas/ProgressRange" }
                blockers: { type: array, items: { $ref: "#/components/schemas/Bilingual" } }
                recognition: { $ref: "#/components/schemas/Recognition" }
            Recognition:
              type: object
              description: "a recognition by decision and what became of it by the date (counted from the decisions' dates)"
              required: [status]
              properties:
                status: { type: string, enum: [recognised, awaiting-reconfirmation, reconfirmed, revoked] }
                unit: { $ref: "#/components/schemas/UnitRef" }
                scope: { type: string }
                decision: { type: string, description: "e.g. 3900/QĐ-UBND" }
                decisionDate: { type: string, format: date }
                mergedInto: { type: string }
                mergerDecision: { type: string }
                mergerDate: { type: string, format: date }
                laterDecision: { type: string, description: "the re-confirmation or revocation decision" }
                laterDecisionDate: { type: string, format: date }
            UnitGroup:
              type: object
              required: [kind, title, units]
              properties:
                kind: { type: string, enum: [model, advanced, standard, remaining, recognised, maintaining] }
                title: { $ref: "#/components/schemas/Bilingual" }
                units: { type: array, items: { $ref: "#/components/schemas/UnitProgress" } }
                progress: { $ref: "#/components/schemas/ProgressRange" }
            CriterionProgress:
              type: object
              required: [code, name]
              properties:
                code: { type: string }
                name: { $ref: "#/components/schemas/Bilingual" }
                status: { type: string, enum: [dat, co_ban_dat, chua_dat] }
                progress: { $ref: "#/components/schemas/ProgressRange" }
                note: { type: string }
            DistrictCriteria:
              type: object
              required: [criteriaSet, criteriaSetName, criteria]
              properties:
                criteriaSet: { type: string }
                criteriaSetName: { $ref: "#/components/schemas/Bilingual" }
                registration: { $ref: "#/components/schemas/UnitProgress" }
                criteria: { type: array, items: { $ref: "#/components/schemas/CriterionProgress" } }
            KeyResult:
              type: object
              required: [unit, code, label, asOf]
              properties:
                unit: { $ref: "#/components/schemas/UnitRef" }
                code: { type: string }
                label: { $ref: "#/components/schemas/Bilingual" }
                quantity: { type: number }
                measure: { type: string }
                detail: { type: string }
                criterion: { type: string }
                asOf: { type: string, format: date }
            ScopeSummary:
              type: object
              required: [scope, title, registered, byState, recognised, units]
              properties:
                scope: { type: string }
                title: { $ref: "#/components/schemas/Bilingual" }
                registered: { type: integer }
                byState:
                  type: array
                  items:
                    type: object
                    required: [state, label, count]
                    properties: { state: { type: string }, label: { $ref: "#/components/schemas/Bilingual" }, count: { type: integer } }
                recognised: { type: integer }
                progress: { $ref: "#/components/schemas/ProgressRange" }
                forecast:
                  description: the year-end forecast, kept apart from achieved values
                  type: object
                  required: [min, max, byDate, asOf]
                  properties:
                    min: { type: integer }
                    max: { type: integer }
                    byDate: { type: string, format: date }
                    asOf: { type: string, format: date }
                    note: { type: string }
                units: { type: array, items: { $ref: "#/components/schemas/UnitProgress" } }
            OCOPItem:
              type: object
              required: [id, name, unit, state, stateLabel]
              properties:
                id: { type: integer }
                name: { type: string }
                unit: { $ref: "#/components/schemas/UnitRef" }
                state: { type: string }
                stateLabel: { $ref: "#/components/schemas/Bilingual" }
                stars: { type: integer }
                date: { type: string, format: date }
                amount: { type: integer, description: a support claim's amount in whole đồng }
            OCOPSection:
              type: object
              properties:
                ideasProposed: { type: integer }
                ideasApproved: { type: array, items: { $ref: "#/components/schemas/OCOPItem" } }
                ideasRejected: { type: integer }
                ideasAwaitingDecision: { type: integer }
                productsInDevelopment: { type: array, items: { $ref: "#/components/schemas/OCOPItem" } }
                certificatesByStars:
                  description: 'certificates in force by stars, e.g. { "3": 5 }'
                  type: object
                  propertyNames: { pattern: "^[0-9]+$" }
                  additionalProperties: { type: integer }
                certificatesExpiring: { type: array, items: { $ref: "#/components/schemas/OCOPItem" } }
                expiringWithinDays: { type: integer }
                claimsAccepted: { type: array, items: { $ref: "#/components/schemas/OCOPItem" } }
                claimsAcceptedAmount: { type: integer, description: the sum of the accepted claims' amounts in whole đồng }
            DistrictReport:
              type: object
              required: [district, asOf, year, results, communeGroups, towns, residential, ocop]
              properties:
                district: { $ref: "#/components/schemas/UnitRef" }
                asOf: { type: string, format: date }
                year: { type: integer }
                districtCriteria: { $ref: "#/components/schemas/DistrictCriteria" }
                results: { type: array, items: { $ref: "#/components/schemas/KeyResult" } }
                communeGroups: { type: array, items: { $ref: "#/components/schemas/UnitGroup" } }
                towns: { type: array, items: { $ref: "#/components/schemas/UnitProgress" } }
                residential: { type: array, items: { $ref: "#/components/schemas/ScopeSummary" } }
                ocop: { $ref: "#/components/schemas/OCOPSection" }
            NTMUnit:
              description: one unit's progress with the group of the report it is in
              allOf:
                - { $ref: "#/components/schemas/UnitProgress" }
                - type: object
                  required: [group, groupTitle]
                  properties:
                    group: { type: string, enum: [district, model, advanced, standard, remaining, recognised, maintaining, town, residential] }
                    groupTitle: { $ref: "#/components/schemas/Bilingual" }
            NTMUnitList:
              type: object
              required: [district, asOf, items]
              properties:
                district: { $ref: "#/components/schemas/UnitRef" }
                asOf: { type: string, format: date }
                items: { type: array, items: { $ref: "#/components/schemas/NTMUnit" } }
            NTMUnitDetail:
              type: object
              required: [district, asOf, unit, items]
              properties:
                district: { $ref: "#/components/schemas/UnitRef" }
                asOf: { type: string, format: date }
                unit: { $ref: "#/components/schemas/UnitRef" }
                items: { type: array, items: { $ref: "#/components/schemas/NTMUnit" }, description: "usually one; two for a unit with two registrations" }
        """
}

import HTTPTypes
import Hummingbird

extension OpenAPIRoute {
    /// The province report by district and the national roll-up by province (``RegionReport``); spliced into
    /// ``document`` under `paths`, after the district report.
    static let regionReportPaths = """
          /api/v1/reports/province:
            get:
              summary: A province's report by district as of a date; each line the sum of that district's report. For staff whose grants cover the province.
              description: |
                One line per district of the province in force on the day, each the sum of the district's report as
                /api/v1/reports/district builds it, and the total (the sum of the lines). province may be left out when the
                database holds one province. A district or commune officer gets 403, as does a producer. Formats as for the
                district report (csv and xlsx with a file name like bao-cao-tinh-ha-tinh-2022-10-31.csv).
              parameters:
                - { $ref: "#/components/parameters/asOf" }
                - { name: province, in: query, description: a province code or name, schema: { type: string, maxLength: 200 } }
                - { name: format, in: query, schema: { type: string, enum: [json, csv, xlsx, md, text], default: json } }
              responses:
                "200":
                  description: the report
                  headers: { Content-Disposition: { description: "for csv and xlsx: attachment; filename=…", schema: { type: string } } }
                  content:
                    application/json: { schema: { $ref: "#/components/schemas/RegionReport" } }
                    text/csv: { schema: { type: string } }
                    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: { schema: { type: string, format: binary } }
                    text/markdown: { schema: { type: string } }
                    text/plain: { schema: { type: string } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/reports/national:
            get:
              summary: The national roll-up by province as of a date; each line the sum of the province's district reports. For central roles.
              description: |
                One line per province in force on the day, each the sum of its districts' reports (the same figures as the
                province report's total), and the total. Needs a grant not limited to a unit in one of the national roles
                (ADMIN and TW unless the server sets OCOP_NATIONAL_REPORT_ROLES); anyone else gets 403.
              parameters:
                - { $ref: "#/components/parameters/asOf" }
                - { name: format, in: query, schema: { type: string, enum: [json, csv, xlsx, md, text], default: json } }
              responses:
                "200":
                  description: the report
                  headers: { Content-Disposition: { description: "for csv and xlsx: attachment; filename=…", schema: { type: string } } }
                  content:
                    application/json: { schema: { $ref: "#/components/schemas/RegionReport" } }
                    text/csv: { schema: { type: string } }
                    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: { schema: { type: string, format: binary } }
                    text/markdown: { schema: { type: string } }
                    text/plain: { schema: { type: string } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
        """

    /// The schemas of ``regionReportPaths``, spliced under `components.schemas`.
    static let regionReportSchemas = """
            RegionTotals:
              type: object
              description: the figures of one or more district reports, added up
              required: [communes, communesByGroup, communeCriteriaMet, communeCriteriaMetOrBasicallyMet, towns, townsRecognised,
                residentialRegistered, residentialRecognised, keyResults, ideasProposed, ideasApproved, ideasRejected, ideasAwaitingDecision,
                productsInDevelopment, certificatesByStars, certificatesExpiring, claimsAccepted, claimsAcceptedAmount]
              properties:
                communes: { type: integer }
                communesByGroup: { type: object, description: "by group: model, advanced, standard, remaining, recognised, maintaining", additionalProperties: { type: integer } }
                communeCriteriaMet: { type: integer }
                communeCriteriaMetOrBasicallyMet: { type: integer }
                towns: { type: integer }
                townsRecognised: { type: integer }
                residentialRegistered: { type: integer }
                residentialRecognised: { type: integer }
                keyResults: { type: integer }
                ideasProposed: { type: integer }
                ideasApproved: { type: integer }
                ideasRejected: { type: integer }
                ideasAwaitingDecision: { type: integer }
                productsInDevelopment: { type: integer }
                certificatesByStars: { type: object, description: "certificates in force by stars (keys 3, 4, 5)", additionalProperties: { type: integer } }
                certificatesExpiring: { type: integer }
                claimsAccepted: { type: integer }
                claimsAcceptedAmount: { type: integer, description: whole đồng }
            RegionReport:
              type: object
              required: [level, asOf, year, parts, totals]
              properties:
                level: { type: string, enum: [province, national] }
                region: { $ref: "#/components/schemas/UnitRef" }
                asOf: { type: string, format: date }
                year: { type: integer }
                parts:
                  type: array
                  items:
                    type: object
                    required: [unit, districts, totals]
                    properties:
                      unit: { $ref: "#/components/schemas/UnitRef" }
                      districts: { type: integer }
                      totals: { $ref: "#/components/schemas/RegionTotals" }
                totals: { $ref: "#/components/schemas/RegionTotals" }
        """
}

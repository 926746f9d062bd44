import HTTPTypes
import Hummingbird

/// Serves the OpenAPI 3.1 description of the API at `/openapi.yaml` (public, like the health endpoints).
struct OpenAPIRoute {
    func register(on router: Router<AdminRequestContext>) {
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Self.document)))
        }
    }

    static let document = """
        openapi: 3.1.0
        info:
          title: ocop admin API
          version: "1"
          description: |
            OCOP and New Rural Development workflows. Every /api/v1 request needs `Authorization: Bearer <token>`
            (`ocop user token create USER`). Answers are Vietnamese unless `Accept-Language` prefers English.
            Errors are RFC 9457 problem+json.

            Bounds (the server enforces exactly these; anything outside is a 400 naming the parameter): `limit` 1–500,
            `cursor` an id of 1–18 digits (the previous page's nextCursor), path ids 1–9223372036854775807, text filters at
            most 200 characters, request bodies at most 64 KiB (`ocop serve`, else 413) and JSON only (else 415). A path
            that exists answers other methods with 405 and `Allow`; HEAD is served wherever GET is. Failed authentications
            are throttled per client address and per user name (429 with `Retry-After`).
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        paths:
          /healthz:
            get:
              security: []
              summary: The process answers.
              responses: { "200": { description: ok } }
          /readyz:
            get:
              security: []
              summary: The database answers and the schema is current.
              responses:
                "200": { description: ready }
                "503": { $ref: "#/components/responses/Problem" }
          /metrics:
            get:
              security: []
              summary: Prometheus metrics.
              responses: { "200": { description: text exposition format } }
          /api/v1/instances:
            get:
              summary: Instances the caller may see, by id, with cursor pagination.
              parameters:
                - { name: workflow, in: query, schema: { type: string, maxLength: 200 } }
                - { $ref: "#/components/parameters/state" }
                - { name: subject, in: query, schema: { type: string, maxLength: 200 } }
                - { name: unit, in: query, schema: { type: string, maxLength: 200 } }
                - { $ref: "#/components/parameters/limit" }
                - { $ref: "#/components/parameters/cursor" }
              responses:
                "200":
                  description: a page
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: { type: array, items: { $ref: "#/components/schemas/Instance" } }
                          nextCursor: { type: [string, "null"] }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
          /api/v1/instances/{id}:
            parameters: [ { $ref: "#/components/parameters/id" } ]
            get:
              summary: State, data, version (also the ETag), and each event with the reasons it is blocked for the caller.
              responses:
                "200":
                  description: the instance
                  headers: { ETag: { schema: { type: string } } }
                  content: { application/json: { schema: { $ref: "#/components/schemas/Instance" } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/instances/{id}/history:
            parameters: [ { $ref: "#/components/parameters/id" } ]
            get:
              summary: The append-only, hash-chained history, oldest first.
              responses:
                "200": { description: history rows }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/instances/{id}/events/{event}:
            parameters:
              - { $ref: "#/components/parameters/id" }
              - { name: event, in: path, required: true, schema: { type: string } }
              - { name: If-Match, in: header, description: "the version the caller saw, e.g. \\"3\\" (or W/\\"3\\", 3, *)", schema: { type: string, pattern: "^(\\\\*|(W/)?\\"?[1-9][0-9]{0,17}\\"?)$" } }
              - { name: Idempotency-Key, in: header, description: "yours alone: sent again with the same request it fires once (Idempotent-Replayed: true); with another request it is a 409", schema: { type: string, minLength: 1, maxLength: 200 } }
            post:
              summary: Fire an event as the caller (their roles that cover this record).
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        input: { type: object }
                        comment: { type: string }
                        legalRef: { type: string, description: decision number and date }
                        onBehalfOf: { type: string, description: "the producer staff act for: the record's own subject, else 403" }
              responses:
                "200": { description: fired; the new version is the ETag }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "412": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
        \(ocopPaths)
          /api/v1/reports/district:
            get:
              summary: The district's report as of a date (NTM, civilised urban areas, OCOP); for staff whose grants cover the district.
              description: |
                Built only from what was recorded with a business date on or before asOf, so the same date always gives the same
                report. Forecasts are kept apart from achieved values. JSON (the default) is the report model; csv is a file for
                Excel (UTF-8 with a byte-order mark, Content-Disposition filename like bao-cao-vu-quang-2022-10-31.csv); md and
                text are for reading; xlsx (or Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) is an
                Excel workbook with the CSV's rows, numbers as numbers and days as dates (dd/mm/yyyy), the header row frozen.
                A producer (role CT) gets 403, as does staff of another district.
              parameters:
                - { $ref: "#/components/parameters/asOf" }
                - { $ref: "#/components/parameters/district" }
                - { name: format, in: query, schema: { type: string, enum: [json, csv, xlsx, md, text], default: json } }
              responses:
                "200":
                  description: the report
                  headers: { Content-Disposition: { description: "for csv: attachment; filename=…", schema: { type: string } } }
                  content:
                    application/json: { schema: { $ref: "#/components/schemas/DistrictReport" } }
                    text/csv: { schema: { type: string } }
                    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: { schema: { type: string, format: binary } }
                    text/markdown: { schema: { type: string } }
                    text/plain: { schema: { type: string } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
        \(regionReportPaths)
          /api/v1/ntm/units:
            get:
              summary: NTM progress per unit as of a date — the units the caller's grants cover (a commune officer sees their commune).
              description: |
                Every unit of the district report in report order: the district's own registration (group district), the
                commune groups (model, advanced, standard, remaining, recognised, maintaining), towns (town) and residential units
                (residential). A producer gets 403. format=xlsx gives the list as an Excel workbook.
              parameters: [ { $ref: "#/components/parameters/asOf" }, { $ref: "#/components/parameters/district" }, { $ref: "#/components/parameters/listFormat" } ]
              responses:
                "200":
                  description: the units
                  content:
                    application/json: { schema: { $ref: "#/components/schemas/NTMUnitList" } }
                    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: { schema: { type: string, format: binary } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/ntm/units/{code}:
            get:
              summary: One unit's NTM progress as of a date; 404 alike for an unknown unit and one outside the caller's scope.
              parameters:
                - { name: code, in: path, required: true, schema: { type: string } }
                - { $ref: "#/components/parameters/asOf" }
                - { name: district, in: query, description: the unit's district (found from the unit when absent), schema: { type: string, maxLength: 200 } }
              responses:
                "200": { description: the unit, content: { application/json: { schema: { $ref: "#/components/schemas/NTMUnitDetail" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/search:
            get:
              summary: Products, ideas, producers and units by name, with or without diacritics and in any case, among what the caller may see.
              description: |
                The same search as `ocop search` and the dashboard's search box: names folded (lower case, no diacritics, đ → d)
                and matched as substrings or by trigram word similarity, best first. Units are listed for staff only.
              parameters:
                - { name: q, in: query, required: true, description: "2–100 characters, e.g. nuoc cham thanh mai", schema: { type: string, minLength: 2, maxLength: 100, pattern: '\\S[\\s\\S]*\\S' } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100, default: 20 } }
              responses:
                "200":
                  description: the hits
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          query: { type: string }
                          items:
                            type: array
                            items:
                              type: object
                              properties:
                                kind: { type: string, enum: [product, idea, subject, unit] }
                                id: { type: string }
                                name: { type: string }
                                detail: { type: string }
                                state: { type: string }
                                stateLabel: { type: object, properties: { vi: { type: string }, en: { type: string } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer }
          parameters:
            id: { name: id, in: path, required: true, schema: { type: integer, format: int64, minimum: 1, maximum: 9223372036854775807 } }
            state: { name: state, in: query, schema: { type: string, maxLength: 200 } }
            limit: { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 500, default: 50 } }
            cursor: { name: cursor, in: query, description: "the previous page's nextCursor (an id)", schema: { type: string, pattern: "^[0-9]{1,18}$" } }
            listFormat:
              name: format
              in: query
              description: json (a page), or xlsx — the whole filtered list as an Excel workbook (also chosen by Accept with the workbook's media type)
              schema: { type: string, enum: [json, xlsx], default: json }
            asOf: { name: asOf, in: query, required: true, description: the day the figures are as of (yyyy-mm-dd), schema: { type: string, format: date } }
            district:
              name: district
              in: query
              description: a district code or name (with or without diacritics); may be left out when the database, or the caller's grants, have only one district
              schema: { type: string, maxLength: 200 }
          responses:
            TooManyFailures:
              description: too many failed authentications from this address (or for this user name); try again after Retry-After seconds
              headers: { Retry-After: { schema: { type: integer, minimum: 1 } } }
              content: { application/problem+json: { schema: { type: object } } }
            List:
              description: a page of rows (id, name, subject, subjectName, state, stateLabel, fields) and nextCursor; with format=xlsx the workbook
              content:
                application/json: { schema: { type: object } }
                application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: { schema: { type: string, format: binary } }
            Problem:
              description: RFC 9457 problem
              content:
                application/problem+json:
                  schema:
                    type: object
                    properties:
                      type: { type: string }
                      title: { type: string }
                      status: { type: integer }
                      detail: { type: string }
                      instance: { type: string }
                      requestId: { type: string }
                      parameter: { type: string, description: the query parameter at fault, for a 400 }
                      reasons:
                        type: array
                        items: { type: object, properties: { code: { type: string }, subject: { type: string }, message: { type: string } } }
          schemas:
        \(reportSchemas)
        \(regionReportSchemas)
            DossierDocument:
              type: object
              required: [id, productId, item, fileName, mediaType, size, sha256, uploadedBy, uploadedAt]
              properties:
                id: { type: integer }
                productId: { type: integer }
                item: { type: string }
                fileName: { type: string }
                mediaType: { type: string }
                size: { type: integer }
                sha256: { type: string, pattern: "^[0-9a-f]{64}$" }
                uploadedBy: { type: string }
                uploadedAt: { type: string, format: date-time }
                removedBy: { type: string }
                removedAt: { type: string, format: date-time }
            DossierChecklist:
              type: object
              required: [productId, ruleSet, state, version, editable, missing, items]
              properties:
                productId: { type: integer }
                ruleSet: { type: string }
                state: { type: string }
                version: { type: integer }
                editable: { type: boolean, description: whether files may be attached or removed now }
                missing: { type: array, items: { type: string } }
                items:
                  type: array
                  items:
                    type: object
                    required: [item, name, status, documents]
                    properties:
                      item: { type: string }
                      name: { type: object, properties: { vi: { type: string }, en: { type: string } } }
                      status: { type: string, enum: [present, missing, not-applicable] }
                      note: { type: string, description: the text entered before files could be attached }
                      documents: { type: array, items: { $ref: "#/components/schemas/DossierDocument" } }
            CouncilMember:
              type: object
              required: [id, name, role]
              additionalProperties: false
              properties:
                id: { type: string, pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$" }
                name: { type: string, minLength: 1 }
                role: { type: string, enum: [chair, vice_chair, member, secretary] }
                user: { type: [string, "null"], description: the account the member signs in with }
            CouncilBody:
              type: object
              required: [code, name, level, decisionRef, decisionDate, members]
              additionalProperties: false
              properties:
                code: { type: string, pattern: "^[a-z0-9][a-z0-9._-]*$" }
                name: { type: string, minLength: 1 }
                level: { type: string, enum: [district, province, central] }
                unit: { type: [string, "null"], description: the district or province code; none for the central council }
                decisionRef: { type: string, minLength: 1 }
                decisionDate: { type: string, format: date }
                minSheets: { type: integer, minimum: 1, maximum: 100, default: 3 }
                members: { type: array, minItems: 1, items: { $ref: "#/components/schemas/CouncilMember" } }
            Council:
              type: object
              properties:
                code: { type: string }
                name: { type: string }
                level: { type: string }
                unit: { type: [string, "null"] }
                decisionRef: { type: string }
                decisionDate: { type: string, format: date }
                minSheets: { type: integer }
                members: { type: array, items: { $ref: "#/components/schemas/CouncilMember" } }
            Instance:
              type: object
              properties:
                id: { type: integer }
                workflow: { type: string }
                definition: { type: string, description: content hash of the definition version }
                state: { type: object, properties: { code: { type: string }, label: { type: object }, final: { type: boolean } } }
                version: { type: integer }
                data: { type: object }
                subject: { type: [string, "null"] }
                unit: { type: [string, "null"] }
                events:
                  type: array
                  items:
                    type: object
                    properties:
                      event: { type: string }
                      to: { type: [string, "null"] }
                      available: { type: boolean }
                      reasons: { type: array, items: { type: object } }
        """
}

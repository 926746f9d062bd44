import HTTPTypes
import Hummingbird

extension OpenAPIRoute {
    /// The OCOP paths — ideas, products, certificates and claims lists, the producer's page, dossier documents and
    /// councils; spliced into ``document`` under `paths`.
    static let ocopPaths = """
          /api/v1/ocop/ideas:
            get:
              summary: OCOP ideas the caller may see (filters year, state), cursor-paged by id.
              parameters: [ { name: year, in: query, schema: { type: integer, minimum: 2000, maximum: 2100 } }, { $ref: "#/components/parameters/state" },
                            { $ref: "#/components/parameters/limit" }, { $ref: "#/components/parameters/cursor" }, { $ref: "#/components/parameters/listFormat" } ]
              responses: { "200": { $ref: "#/components/responses/List" }, "400": { $ref: "#/components/responses/Problem" }, "401": { $ref: "#/components/responses/Problem" },
                         "429": { $ref: "#/components/responses/TooManyFailures" } }
          /api/v1/ocop/products:
            get:
              summary: OCOP products (filter stars 1–5 = the certified star, state), cursor-paged.
              parameters: [ { name: stars, in: query, schema: { type: integer, minimum: 1, maximum: 5 } }, { $ref: "#/components/parameters/state" },
                            { $ref: "#/components/parameters/limit" }, { $ref: "#/components/parameters/cursor" }, { $ref: "#/components/parameters/listFormat" } ]
              responses: { "200": { $ref: "#/components/responses/List" }, "400": { $ref: "#/components/responses/Problem" }, "401": { $ref: "#/components/responses/Problem" },
                         "429": { $ref: "#/components/responses/TooManyFailures" } }
          /api/v1/ocop/certificates:
            get:
              summary: Certificates; with expiringWithin (days), those in force expiring within that many days of asOf (default today).
              parameters: [ { name: expiringWithin, in: query, schema: { type: integer, minimum: 1, maximum: 3650 } }, { name: asOf, in: query, schema: { type: string, format: date } },
                            { $ref: "#/components/parameters/limit" }, { $ref: "#/components/parameters/cursor" }, { $ref: "#/components/parameters/listFormat" } ]
              responses: { "200": { $ref: "#/components/responses/List" }, "400": { $ref: "#/components/responses/Problem" }, "401": { $ref: "#/components/responses/Problem" },
                         "429": { $ref: "#/components/responses/TooManyFailures" } }
          /api/v1/ocop/claims:
            get:
              summary: Support claims (allocation, dossier, acceptance — nghiệm thu — and payment).
              parameters: [ { $ref: "#/components/parameters/state" }, { $ref: "#/components/parameters/limit" }, { $ref: "#/components/parameters/cursor" }, { $ref: "#/components/parameters/listFormat" } ]
              responses: { "200": { $ref: "#/components/responses/List" }, "400": { $ref: "#/components/responses/Problem" }, "401": { $ref: "#/components/responses/Problem" },
                         "429": { $ref: "#/components/responses/TooManyFailures" } }
          /api/v1/ocop/producer-status:
            get:
              summary: "The producer's page as data: every idea and product the caller's grants cover, with stage, missing items, deadlines, council scores, certificates, claims and payments, and the reasons for every return or refusal (the document `ocop producer status --json` prints)."
              parameters: [ { name: asOf, in: query, schema: { type: string, format: date } } ]
              responses:
                "200": { description: the items, content: { application/json: { schema: { type: object, required: [items], properties: { items: { type: array, items: { type: object } } } } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
          /api/v1/ocop/products/{id}/documents:
            get:
              summary: The product's dossier checklist — every item of its rule set present, missing or not applicable — with the files attached to each.
              parameters: [ { $ref: "#/components/parameters/id" } ]
              responses:
                "200": { description: the checklist, content: { application/json: { schema: { $ref: "#/components/schemas/DossierChecklist" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "404": { $ref: "#/components/responses/Problem" }
            post:
              summary: Attaches a file (PDF, JPEG, PNG, DOCX or XLSX, checked by its content; the name's extension must agree) to a dossier item.
              description: |
                The producer on their own products, staff within their unit (roles CT, XA, HUYEN), while the dossier is prepared or
                completed (PLANNING, DEVELOPING, DOSSIER_INCOMPLETE). At most OCOP_DOCUMENT_MAX_BYTES (default 20 MB): a larger
                Content-Length is refused with 413 before the body is read. Another producer's product is 404. One transaction with
                its history row (event attach_document).
              parameters: [ { $ref: "#/components/parameters/id" } ]
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [item, file]
                      properties:
                        item: { type: string, minLength: 1, maxLength: 100, description: "the dossier item's code, e.g. business-plan" }
                        file: { type: string, format: binary }
              responses:
                "201": { description: the stored document (Location names its download), content: { application/json: { schema: { $ref: "#/components/schemas/DossierDocument" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/documents/{id}:
            get:
              summary: Downloads a dossier file (same scope as its product), with Content-Type, Content-Disposition and ETag (its SHA-256).
              parameters: [ { $ref: "#/components/parameters/id" } ]
              responses:
                "200": { description: the file, content: { application/octet-stream: { schema: { type: string, format: binary } } } }
                "304": { description: If-None-Match named the current ETag }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "404": { $ref: "#/components/responses/Problem" }
            delete:
              summary: Removes a file from the dossier (kept and still downloadable; history event remove_document).
              parameters: [ { $ref: "#/components/parameters/id" } ]
              responses:
                "200": { description: the document as removed, content: { application/json: { schema: { $ref: "#/components/schemas/DossierDocument" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/ocop/councils:
            get:
              summary: Rating councils with their members (public decisions; any signed-in user).
              responses:
                "200": { description: the councils, lowest level first, content: { application/json: { schema: { type: object, properties: { items: { type: array, items: { $ref: "#/components/schemas/Council" } } } } } } }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
            post:
              summary: Sets up a council by its decision (the district office for a district council, the province's NTM office or People's Committee for the province's, the Ministry for the central one).
              description: |
                Only the council's scoring members' sheets count, each once per round; a result needs at least minSheets sheets
                (default 3, DOMAIN §9.22). Every problem of the form is reported at once.
              requestBody:
                required: true
                content: { application/json: { schema: { $ref: "#/components/schemas/CouncilBody" } } }
              responses:
                "201": { description: the council, content: { application/json: { schema: { $ref: "#/components/schemas/Council" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
          /api/v1/ocop/councils/{code}:
            get:
              summary: One council.
              parameters: [ { name: code, in: path, required: true, schema: { type: string } } ]
              responses:
                "200": { description: the council, content: { application/json: { schema: { $ref: "#/components/schemas/Council" } } } }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/ocop/councils/{code}/members:
            post:
              summary: Adds a member (a replacement decision).
              parameters: [ { name: code, in: path, required: true, schema: { type: string } } ]
              requestBody:
                required: true
                content: { application/json: { schema: { $ref: "#/components/schemas/CouncilMember" } } }
              responses:
                "200": { description: the council, content: { application/json: { schema: { $ref: "#/components/schemas/Council" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "429": { $ref: "#/components/responses/TooManyFailures" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
        """
}

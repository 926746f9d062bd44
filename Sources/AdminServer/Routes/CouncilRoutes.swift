import Foundation
import HTTPTypes
import Hummingbird
import OCOP
import Store
import Workflow

/// `/api/v1/ocop/councils`: rating councils as data — read by any signed-in user (they are public decisions), set up
/// and completed by the authority of their level (the service decides who that is).
struct CouncilRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<AdminRequestContext>) {
        router.get("/api/v1/ocop/councils") { _, context in
            let (service, user) = try self.service(context)
            return API.CouncilList(items: try await service.councils(by: user).map(API.Council.init))
        }
        router.get("/api/v1/ocop/councils/:code") { _, context in
            let (service, user) = try self.service(context)
            return API.Council(try await service.council(try context.parameters.require("code"), by: user))
        }
        router.post("/api/v1/ocop/councils") { request, context in
            let (service, user) = try self.service(context)
            let body = try await request.decode(as: API.CouncilBody.self, context: context)
            let council = try await service.createCouncil(try body.form(), by: user, now: dependencies.now())
            return EditedResponse(status: .created, headers: [.location: "/api/v1/ocop/councils/\(council.code)"], response: API.Council(council))
        }
        router.post("/api/v1/ocop/councils/:code/members") { request, context in
            let (service, user) = try self.service(context)
            let body = try await request.decode(as: API.CouncilMemberBody.self, context: context)
            return API.Council(try await service.addCouncilMember(try body.member(), to: try context.parameters.require("code"), by: user))
        }
    }

    private func service(_ context: AdminRequestContext) throws -> (OCOPService, String) {
        guard let service = dependencies.services.ocop else {
            throw Problem.notFound(Bilingual(vi: "máy chủ chưa bật các chức năng OCOP", en: "the OCOP functions are not enabled on this server"))
        }
        guard let holder = context.holder else { throw Problem.unauthorized(Bilingual(vi: "cần mã truy cập", en: "a token is required")) }
        return (service, holder.user.id)
    }
}

extension API {
    /// A council as the API shows it.
    struct Council: Codable, Sendable, ResponseEncodable {
        struct Member: Codable, Sendable {
            var id: String
            var name: String
            var role: String
            var user: String?
        }

        var code: String
        var name: String
        var level: String
        var unit: String?
        var decisionRef: String
        var decisionDate: String
        var minSheets: Int
        var members: [Member]

        init(_ council: Store.Council) {
            code = council.code
            name = council.name
            level = council.level.rawValue
            unit = council.unitCode
            decisionRef = council.decisionRef
            decisionDate = council.decisionDate.iso
            minSheets = council.minimumSheets
            members = council.members.map { Member(id: $0.memberID, name: $0.name, role: $0.role.rawValue, user: $0.userID) }
        }
    }

    struct CouncilList: Codable, Sendable, ResponseEncodable {
        var items: [Council]
    }

    /// `POST /api/v1/ocop/councils`: every field checked, unknown fields refused.
    struct CouncilBody: Decodable, Sendable {
        var code: String
        var name: String
        var level: String
        var unit: String?
        var decisionRef: String
        var decisionDate: String
        var minSheets: Int?
        var members: [CouncilMemberBody]

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case code, name, level, unit, decisionRef, decisionDate, minSheets, members
        }

        init(from decoder: any Decoder) throws {
            try API.refuseUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let object = try decoder.container(keyedBy: CodingKeys.self)
            code = try object.decode(String.self, forKey: .code)
            name = try object.decode(String.self, forKey: .name)
            level = try object.decode(String.self, forKey: .level)
            unit = try object.decodeIfPresent(String.self, forKey: .unit)
            decisionRef = try object.decode(String.self, forKey: .decisionRef)
            decisionDate = try object.decode(String.self, forKey: .decisionDate)
            minSheets = try object.decodeIfPresent(Int.self, forKey: .minSheets)
            members = try object.decode([CouncilMemberBody].self, forKey: .members)
        }

        func form() throws -> CouncilForm {
            guard let level = CouncilLevel(rawValue: level) else {
                throw Problem.badRequest(Bilingual(vi: "level phải là district, province hoặc central", en: "level must be district, province or central"))
            }
            guard let date = LocalDate(iso: decisionDate) else {
                throw Problem.badRequest(Bilingual(vi: "decisionDate phải có dạng yyyy-mm-dd", en: "decisionDate must be yyyy-mm-dd"))
            }
            return CouncilForm(
                code: code, name: name, level: level, unitCode: unit, decision: Decision(number: decisionRef, date: date), minimumSheets: minSheets,
                members: try members.map { try $0.member() })
        }
    }

    /// One member in a council body, or `POST …/members`.
    struct CouncilMemberBody: Decodable, Sendable {
        var id: String
        var name: String
        var role: String
        var user: String?

        private enum CodingKeys: String, CodingKey, CaseIterable { case id, name, role, user }

        init(from decoder: any Decoder) throws {
            try API.refuseUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let object = try decoder.container(keyedBy: CodingKeys.self)
            id = try object.decode(String.self, forKey: .id)
            name = try object.decode(String.self, forKey: .name)
            role = try object.decode(String.self, forKey: .role)
            user = try object.decodeIfPresent(String.self, forKey: .user)
        }

        func member() throws -> CouncilMember {
            guard let role = CouncilRole(typed: role) else {
                throw Problem.badRequest(
                    Bilingual(vi: "role phải là chair, vice_chair, member hoặc secretary", en: "role must be chair, vice_chair, member or secretary"))
            }
            return CouncilMember(memberID: id, name: name, role: role, userID: user)
        }
    }

    /// Refuses a JSON object with fields the endpoint does not take (a typo must not pass silently).
    static func refuseUnknownKeys(_ decoder: any Decoder, allowed: [String]) throws {
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        let object = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = object.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            throw Problem.badRequest(Bilingual(vi: "trường không hỗ trợ: \"\(unknown)\"", en: "unknown field: \"\(unknown)\""))
        }
    }
}

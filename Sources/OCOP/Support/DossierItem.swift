import Foundation

/// One document a dossier must hold: a rating dossier (rule sets) or a support-claim dossier (policies).
public struct DossierItem: Sendable, Hashable {
    /// A stable code used by workflows and the store.
    public var code: String
    /// The item's name.
    public var name: Bilingual
    /// When the item is needed only in some cases ("where registered", "not for services").
    public var condition: Bilingual?

    /// Creates a dossier item.
    public init(code: String, name: Bilingual, condition: Bilingual? = nil) {
        self.code = code
        self.name = name
        self.condition = condition
    }
}

extension YAMLValue {
    /// Decodes a list of dossier items with unique codes.
    func dossierItems() throws -> [DossierItem] {
        var decoded: [(item: DossierItem, node: YAMLValue)] = []
        for value in try nonEmptySequence() {
            let map = try value.mapping()
            try map.allowOnly(["code", "name", "condition"])
            let codeNode = try map.required("code")
            let item = DossierItem(
                code: try codeNode.code(),
                name: try map.required("name").localized(),
                condition: try map.optional("condition")?.localized()
            )
            decoded.append((item, codeNode))
        }
        try YAMLValue.checkUnique(decoded.map { ($0.item.code, $0.node) }, what: Bilingual(vi: "mã hồ sơ", en: "dossier item code"))
        return decoded.map(\.item)
    }
}

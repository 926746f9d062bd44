import Foundation
import OCOP
import Workflow

/// A file attached to a dossier checklist item of a record.
public struct DossierDocument: Sendable, Hashable {
    /// The document's number.
    public var id: Int64
    /// The record (product) it belongs to.
    public var productID: Int64
    /// The checklist item's code, e.g. `business-plan`.
    public var item: String
    /// The file name as uploaded (without folders).
    public var fileName: String
    /// The media type detected from the content.
    public var mediaType: String
    /// The size in bytes.
    public var size: Int
    /// The SHA-256 of the content, as hex; also the download's ETag.
    public var sha256: String
    public var uploadedBy: String
    public var uploadedAt: Date
    /// Set when the file was removed from the dossier (it is kept, not deleted).
    public var removedBy: String?
    public var removedAt: Date?

    /// The same JSON at every door (CLI `--json`, API).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .int(id), "productId": .int(productID), "item": .string(item), "fileName": .string(fileName),
            "mediaType": .string(mediaType), "size": .int(Int64(size)), "sha256": .string(sha256), "uploadedBy": .string(uploadedBy),
            "uploadedAt": .string(VietnamTime.isoTimestamp(uploadedAt)),
        ]
        if let removedBy, let removedAt {
            object["removedBy"] = .string(removedBy)
            object["removedAt"] = .string(VietnamTime.isoTimestamp(removedAt))
        }
        return .object(object)
    }
}

/// A product's dossier checklist: every item of its rule set, present (a file, or a note entered as text before
/// files could be attached), missing, or not applicable, with the files attached to it.
public struct DossierChecklist: Sendable {
    /// Where an item stands.
    public enum Status: String, Sendable {
        case present, missing
        case notApplicable = "not-applicable"
    }

    /// One checklist item.
    public struct Entry: Sendable {
        public var item: DossierItem
        public var status: Status
        /// The text entered with `ocop product dossier add --document` (kept readable as a note).
        public var note: String?
        /// The files attached to it, oldest first (removed ones are not listed).
        public var documents: [DossierDocument]
    }

    public var productID: Int64
    /// The rule set whose items are listed: the one fixed at submission, else the one in force today.
    public var ruleSet: String
    /// The record's state and version when read.
    public var state: String
    public var version: Int
    /// Whether files may be attached or removed now (the dossier is being prepared or completed).
    public var editable: Bool
    public var entries: [Entry]

    /// The codes of the missing items.
    public var missing: [String] { entries.filter { $0.status == .missing }.map(\.item.code) }

    /// The same JSON at every door.
    public var json: JSONValue {
        .object([
            "productId": .int(productID), "ruleSet": .string(ruleSet), "state": .string(state), "version": .int(Int64(version)),
            "editable": .bool(editable), "missing": .array(missing.map(JSONValue.string)),
            "items": .array(
                entries.map { entry in
                    var object: [String: JSONValue] = [
                        "item": .string(entry.item.code), "name": .object(["vi": .string(entry.item.name.vi), "en": .string(entry.item.name.en)]),
                        "status": .string(entry.status.rawValue), "documents": .array(entry.documents.map(\.json)),
                    ]
                    if let note = entry.note { object["note"] = .string(note) }
                    return .object(object)
                }),
        ])
    }
}

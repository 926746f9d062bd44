import Foundation
import LibPQ
import OCOP
import Workflow

/// Administrative units (effective-dated, with merger lineage) and OCOP subjects.
public struct ReferenceStore: Sendable {
    /// A province, district, commune, ward, town, village or residential group.
    public struct Unit: Sendable, Hashable {
        public var code: String
        public var gsoCode: String?
        public var name: String
        public var kind: String
        public var parentCode: String?
        public var validFrom: LocalDate
        public var validTo: LocalDate?

        public init(
            code: String, gsoCode: String? = nil, name: String, kind: String, parentCode: String?, validFrom: LocalDate, validTo: LocalDate? = nil
        ) {
            self.code = code
            self.gsoCode = gsoCode
            self.name = name
            self.kind = kind
            self.parentCode = parentCode
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    /// An OCOP subject (chủ thể): a cooperative, enterprise, cooperative group or household business.
    public struct Subject: Sendable, Hashable {
        public var id: String
        public var name: String
        public var kind: String
        public var unitCode: String
        public var taxCode: String?
        public var representative: String?

        public init(id: String, name: String, kind: String, unitCode: String, taxCode: String? = nil, representative: String? = nil) {
            self.id = id
            self.name = name
            self.kind = kind
            self.unitCode = unitCode
            self.taxCode = taxCode
            self.representative = representative
        }
    }

    public init() {}

    /// Adds a unit; its parent must exist and be valid when the unit starts.
    public func add(_ unit: Unit, on connection: Connection) throws {
        do {
            try connection.execute(
                """
                INSERT INTO admin_unit (code, gso_code, name, kind, parent_code, valid_from, valid_to)
                VALUES (\(unit.code), \(unit.gsoCode), \(unit.name), \(unit.kind), \(unit.parentCode), \(unit.validFrom.iso)::date, \(unit.validTo?.iso)::date)
                """)
        } catch let error as DatabaseError where error.sqlState?.isClass(.integrityConstraintViolation) == true {
            throw ReferenceError(error, subject: unit.code)
        }
    }

    /// Merges `predecessors` into a new unit from `on`: the old units end the day before, their lineage is recorded.
    public func merge(_ predecessors: [String], into successor: Unit, decisionRef: String?, on connection: Connection) throws {
        let dayBefore = successor.validFrom.adding(days: -1)
        for code in predecessors {
            let ended = try connection.execute(
                "UPDATE admin_unit SET valid_to = \(dayBefore.iso)::date WHERE code = \(code) AND (valid_to IS NULL OR valid_to > \(dayBefore.iso)::date)")
            guard ended == 1 else {
                throw ReferenceError(.unitNotFound, subject: code, message: Bilingual(vi: "không có đơn vị \"\(code)\" đang hiệu lực", en: "no unit \"\(code)\" in force"))
            }
        }
        try add(successor, on: connection)
        for code in predecessors {
            try connection.execute(
                """
                INSERT INTO admin_unit_lineage (successor, predecessor, effective_on, decision_ref)
                VALUES (\(successor.code), \(code), \(successor.validFrom.iso)::date, \(decisionRef))
                """)
        }
    }

    /// The unit a code registered earlier belongs to on a date (following mergers).
    public func currentUnit(of code: String, on date: LocalDate, connection: Connection) throws -> String? {
        try connection.query("SELECT admin_unit_current(\(code), \(date.iso)::date) AS code").single().decode("code", as: String?.self)
    }

    /// Whether `unit` lies within `ancestor` (parents, and parents of its predecessors).
    public func isWithin(_ unit: String, _ ancestor: String, connection: Connection) throws -> Bool {
        try connection.query("SELECT admin_unit_within(\(unit), \(ancestor)) AS inside").single().decode("inside", as: Bool.self)
    }

    /// `ancestor` and every unit within it (children, their children, and the units merged into any of them), read with
    /// one query: the set-based form of ``isWithin(_:_:connection:)``.
    public func units(within ancestor: String, on connection: Connection) throws -> Set<String> {
        Set(try AdminUnitTree.subtree(of: ancestor, on: connection))
    }

    /// Units, optionally only those in force on a date, by kind and name.
    public func units(inForceOn date: LocalDate? = nil, on connection: Connection) throws -> [Unit] {
        try connection.query(
            """
            SELECT code, gso_code, name, kind, parent_code, valid_from::text AS valid_from, valid_to::text AS valid_to FROM admin_unit
            WHERE \(date?.iso)::date IS NULL OR (valid_from <= \(date?.iso)::date AND (valid_to IS NULL OR valid_to >= \(date?.iso)::date))
            ORDER BY array_position(ARRAY['province','district','town','commune','ward','village','residential_group'], kind), name
            """
        ).map { row in
            Unit(
                code: try row.decode("code"), gsoCode: try row.decode("gso_code"), name: try row.decode("name"), kind: try row.decode("kind"),
                parentCode: try row.decode("parent_code"), validFrom: try Self.date(row, "valid_from"),
                validTo: try row.decode("valid_to", as: String?.self).flatMap(LocalDate.init(iso:)))
        }
    }

    /// Adds a subject in a unit.
    public func add(_ subject: Subject, on connection: Connection) throws {
        do {
            try connection.execute(
                """
                INSERT INTO ocop_subject (id, name, kind, unit_code, tax_code, representative)
                VALUES (\(subject.id), \(subject.name), \(subject.kind), \(subject.unitCode), \(subject.taxCode), \(subject.representative))
                """)
        } catch let error as DatabaseError where error.sqlState?.isClass(.integrityConstraintViolation) == true {
            throw ReferenceError(error, subject: subject.id)
        }
    }

    /// Subjects, by name.
    public func subjects(on connection: Connection) throws -> [Subject] {
        try connection.query("SELECT id, name, kind, unit_code, tax_code, representative FROM ocop_subject ORDER BY name").map { row in
            Subject(
                id: try row.decode("id"), name: try row.decode("name"), kind: try row.decode("kind"), unitCode: try row.decode("unit_code"),
                taxCode: try row.decode("tax_code"), representative: try row.decode("representative"))
        }
    }

    private static func date(_ row: Row, _ column: String) throws -> LocalDate {
        guard let date = LocalDate(iso: try row.decode(column, as: String.self)) else {
            throw DatabaseError(code: .decoding, message: "column \(column) is not a date", column: column)
        }
        return date
    }
}

import Foundation
import LibPQ

/// The units within a unit, read with one query: the set-based counterpart of `admin_unit_within(unit, ancestor)`.
///
/// `admin_unit_within` walks up from one unit, and a query calling it on every row of a table walks once per row;
/// its recursive CTE scans `admin_unit` each time, so a report over n units cost n² (issue 15). The subtree walks
/// down once — children by `parent_code`, predecessors through `admin_unit_lineage` — and a query then filters with
/// `unit_code = ANY(subtree)`, an index lookup per unit.
enum AdminUnitTree {
    /// `ancestor` and every unit within it, through parents and predecessors (the same edges and depth limit as
    /// `admin_unit_within`), in no particular order.
    static func subtree(of ancestor: String, on connection: Connection) throws -> [String] {
        try connection.query(
            """
            WITH RECURSIVE down(code, depth) AS (
                SELECT \(ancestor)::text, 0
                UNION
                SELECT e.child, down.depth + 1
                FROM down JOIN (
                    SELECT code AS child, parent_code AS parent FROM admin_unit WHERE parent_code IS NOT NULL
                    UNION ALL
                    SELECT predecessor, successor FROM admin_unit_lineage
                ) e ON e.parent = down.code
                WHERE down.depth < 20
            )
            SELECT DISTINCT code FROM down
            """
        ).map { try $0.decode("code", as: String.self) }
    }
}

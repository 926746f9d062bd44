import Foundation
import Workflow

/// Walks the history in `(instance, seq)` order and reports what is wrong, grouped: one finding per broken link, one per
/// run of rows that no longer match their hashes, one per instance for the anchors — not one for every row after a break.
struct ChainVerifier {
    typealias Finding = WorkflowStore.AuditFinding

    /// What the anchor file says about each instance.
    private var anchors: [Int64: [AnchorCheck.AnchoredHead]]
    private var findings: [Finding] = []
    /// Rows seen.
    private(set) var rows = 0

    private var instance: Int64?
    private var lastSeq = 0
    private var lastHash = AuditCheckpoint.genesis
    private var sawVersion2 = false
    private var alteredRun: (first: Int, last: Int)?
    private var hashesAtAnchoredSeqs: [Int: String] = [:]
    private var anchoredHere: [AnchorCheck.AnchoredHead] = []

    init(anchors: [Int64: [AnchorCheck.AnchoredHead]]) { self.anchors = anchors }

    /// Takes the next row.
    mutating func add(_ row: StoredHistoryRow) {
        if row.instanceID != instance {
            finishInstance()
            instance = row.instanceID
            lastSeq = 0
            lastHash = AuditCheckpoint.genesis
            sawVersion2 = false
            anchoredHere = anchors.removeValue(forKey: row.instanceID) ?? []
            hashesAtAnchoredSeqs = [:]
        }
        rows += 1
        let id = row.instanceID
        // The link to the row before (or to the start).
        if row.seq != lastSeq + 1 {
            let first = lastSeq + 1
            let last = row.seq - 1
            let range = first == last ? "\(first)" : "\(first)–\(last)"
            findings.append(
                Finding(
                    kind: .sequenceGap, instanceID: id, seq: first, throughSeq: first == last ? nil : last,
                    message: Bilingual(
                        vi: "thiếu dòng \(range) của lịch sử (bị xóa)", en: "history row\(first == last ? "" : "s") \(range) missing (deleted)")))
        } else if row.prevHash != lastHash {
            findings.append(
                Finding(
                    kind: .chainBroken, instanceID: id, seq: row.seq,
                    message: Bilingual(
                        vi: "dòng \(row.seq) không nối với " + (row.seq == 1 ? "điểm đầu chuỗi" : "dòng \(row.seq - 1)")
                            + ": có dòng bị chèn, thay hoặc đổi thứ tự",
                        en: "row \(row.seq) does not link to " + (row.seq == 1 ? "the start of the chain" : "row \(row.seq - 1)")
                            + ": a row was inserted, replaced or reordered")))
        }
        // The row's own content.
        if HistoryDigest.expectedHash(row) != row.hash {
            if let run = alteredRun, run.last == row.seq - 1 {
                alteredRun = (run.first, row.seq)
            } else {
                flushAlteredRun()
                alteredRun = (row.seq, row.seq)
            }
        } else {
            flushAlteredRun()
        }
        // A chain only moves forward from the old formula to the new.
        if row.hashVersion >= 2 {
            sawVersion2 = true
        } else if sawVersion2 {
            findings.append(
                Finding(
                    kind: .hashVersionDowngraded, instanceID: id, seq: row.seq,
                    message: Bilingual(
                        vi: "dòng \(row.seq) dùng công thức băm cũ (phiên bản \(row.hashVersion)) sau một dòng phiên bản 2: đã bị ghi lại",
                        en: "row \(row.seq) uses the old hash formula (version \(row.hashVersion)) after a version-2 row: rewritten")))
        }
        if anchoredHere.contains(where: { $0.seq == row.seq }) { hashesAtAnchoredSeqs[row.seq] = row.hash }
        lastSeq = row.seq
        lastHash = row.hash
    }

    /// The findings, once every row was added.
    mutating func finish() -> [Finding] {
        finishInstance()
        instance = nil
        // Instances anchored once that have no history at all now.
        for (id, anchored) in anchors.sorted(by: { $0.key < $1.key }) {
            guard let first = anchored.min(by: { $0.checkpoint < $1.checkpoint }) else { continue }
            findings.append(
                Finding(
                    kind: .historyTruncated, instanceID: id, seq: first.seq, checkpoint: first.checkpoint,
                    message: Bilingual(
                        vi: "mốc số \(first.checkpoint) neo hồ sơ này ở dòng \(first.seq), nhưng nay nó không còn dòng lịch sử nào (đã bị xóa)",
                        en: "checkpoint \(first.checkpoint) anchored this instance at row \(first.seq), but it has no history rows now (deleted)")))
        }
        anchors = [:]
        return findings
    }

    private mutating func flushAlteredRun() {
        guard let run = alteredRun, let id = instance else { return }
        alteredRun = nil
        findings.append(
            Finding(
                kind: .rowAltered, instanceID: id, seq: run.first, throughSeq: run.first == run.last ? nil : run.last,
                message: run.first == run.last
                    ? Bilingual(
                        vi: "nội dung dòng \(run.first) không khớp với mã băm của nó (bị sửa)",
                        en: "row \(run.first)'s content does not match its hash (edited)")
                    : Bilingual(
                        vi: "nội dung các dòng \(run.first)–\(run.last) không khớp với mã băm (bị sửa, hoặc băm lại bằng công thức khác)",
                        en: "rows \(run.first)–\(run.last) do not match their hashes (edited, or re-hashed with another formula)")))
    }

    /// Checks the instance's anchors against what its rows were; reports the earliest checkpoint that no longer holds.
    private mutating func finishInstance() {
        flushAlteredRun()
        guard let id = instance, !anchoredHere.isEmpty else { return }
        let broken = anchoredHere.sorted { ($0.checkpoint, $0.seq) < ($1.checkpoint, $1.seq) }.filter { hashesAtAnchoredSeqs[$0.seq] != $0.hash }
        anchoredHere = []
        guard let first = broken.first else { return }
        let more = Set(broken.map(\.checkpoint)).count - 1
        let moreVI = more > 0 ? " (và \(more) mốc sau đó)" : ""
        let moreEN = more > 0 ? " (and \(more) later checkpoint\(more == 1 ? "" : "s"))" : ""
        if let found = hashesAtAnchoredSeqs[first.seq] {
            findings.append(
                Finding(
                    kind: .anchorMismatch, instanceID: id, seq: first.seq, checkpoint: first.checkpoint,
                    message: Bilingual(
                        vi: "dòng \(first.seq) không còn mã băm đã neo ở mốc số \(first.checkpoint)\(moreVI) "
                            + "(\(first.hash.prefix(12))… ≠ \(found.prefix(12))…): lịch sử đến dòng này đã bị viết lại",
                        en: "row \(first.seq) no longer has the hash anchored in checkpoint \(first.checkpoint)\(moreEN) "
                            + "(\(first.hash.prefix(12))… ≠ \(found.prefix(12))…): the history up to it was rewritten")))
        } else if lastSeq >= first.seq {
            findings.append(
                Finding(
                    kind: .anchorMismatch, instanceID: id, seq: first.seq, checkpoint: first.checkpoint,
                    message: Bilingual(
                        vi: "dòng \(first.seq), đã neo ở mốc số \(first.checkpoint)\(moreVI), không còn: lịch sử đã bị viết lại",
                        en: "row \(first.seq), anchored in checkpoint \(first.checkpoint)\(moreEN), is gone: the history was rewritten")))
        } else {
            findings.append(
                Finding(
                    kind: .historyTruncated, instanceID: id, seq: first.seq, checkpoint: first.checkpoint,
                    message: Bilingual(
                        vi: "mốc số \(first.checkpoint)\(moreVI) neo dòng \(first.seq), nhưng lịch sử nay chỉ đến dòng \(lastSeq): đã bị cắt bớt",
                        en: "checkpoint \(first.checkpoint)\(moreEN) anchored row \(first.seq), but the history now ends at row \(lastSeq): truncated")))
        }
    }
}

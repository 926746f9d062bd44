import Domain
import Foundation
import Testing
import Workflow

@Suite("Product idea workflow (DOMAIN §6.2)")
struct ProductIdeaTests {
    /// Giò bột Hiên Tý, Vũ Quang town: the seed's first approved idea, surveyed and proposed.
    static func proposedIdea() throws -> Run {
        var run = try Run(try Fixtures.engine("product_idea"), data: ["cycle_ends_on": "2022-12-31"], on: "2022-04-04")
        let form: [String: JSONValue] = ["product_name": "Giò bột Hiên Tý", "form": "01", "subject_name": "Hộ Nguyễn Văn Tý"]
        try run.fire("edit", as: "CT", form, on: "2022-04-04")
        try run.fire("submit", as: "XA", on: "2022-04-05")
        try run.fire("survey", as: "HUYEN", ["survey_ref": "BB-KS-12", "surveyed_on": "2022-04-20"], on: "2022-04-20")
        try run.fire("propose", as: "HUYEN", ["proposal_ref": "45/TTr-UBND"], on: "2022-05-02")
        return run
    }

    @Test("an idea registered → surveyed → proposed → approved by VPDPT → product started")
    func approved() throws {
        var run = try Self.proposedIdea()
        #expect(run.state == "PROPOSED")
        let decision: [String: JSONValue] = ["legal_ref": "12/QĐ-VPĐP", "legal_ref_date": "2022-06-10"]
        #expect(run.rejection("approve", as: "HUYEN", decision, on: "2022-06-10")?.codes == [.roleNotAllowed])
        try run.fire("approve", as: "VPDPT", decision, on: "2022-06-10")
        #expect(run.state == "APPROVED")
        #expect(run.snapshot.data["approval_ref"] == "12/QĐ-VPĐP")
        #expect(run.effects.contains(.notify(roles: ["CT", "XA", "HUYEN"], message: "idea_approved")))
        try run.fire("start_plan", as: "CT", ["product_ref": "P-17"], on: "2022-06-15")
        #expect(run.state == "PRODUCT_STARTED")
    }

    @Test("creation schedules expiry at the end of the cycle; submitting stops it")
    func cycleTimer() throws {
        var run = try Run(try Fixtures.engine("product_idea"), data: ["cycle_ends_on": "2022-12-31"], on: "2022-04-04")
        #expect(run.scheduled("cycle_end") == midnight("2023-01-01"))
        let missing = try #require(run.rejection("submit", as: "CT", on: "2022-04-05"))
        #expect(missing.text.contains("thiếu tên sản phẩm"))
        #expect(missing.text.contains("subject name is missing"))
        try run.fire("edit", as: "CT", ["product_name": "Bánh gai Thanh Thủy", "form": "02", "subject_name": "Thanh Thủy"], on: "2022-04-05")
        try run.fire("submit", as: "CT", on: "2022-04-05")
        #expect(run.cancels("cycle_end"))
    }

    @Test("returns open a 1-week window, then 2 weeks, then defer to the next cycle; the count is kept")
    func retryWindows() throws {
        var run = try Self.proposedIdea()
        try run.fire("return_first", as: "VPDPT", ["reason": "thiếu ảnh sản phẩm"], on: "2022-05-10")
        #expect(run.state == "RETURNED")
        #expect(run.snapshot.data["returns"] == 1)
        #expect(run.snapshot.data["retry_after"] == "2022-05-17")
        #expect(run.scheduled("retry_window") == midnight("2022-05-17"))
        #expect(run.scheduled("cycle_end") == midnight("2023-01-01"))

        let early = try #require(run.rejection("resubmit", as: "CT", on: "2022-05-16"))
        #expect(early.codes == [.guardFailed])
        #expect(early.text.contains("17/05/2022"))
        try run.fire("retry_window_open", as: "SYSTEM", on: "2022-05-17")
        try run.fire("resubmit", as: "CT", on: "2022-05-17")
        #expect(run.state == "SUBMITTED")
        #expect(run.cancels("cycle_end"))

        try run.fire("survey", as: "HUYEN", ["survey_ref": "BB-KS-13", "surveyed_on": "2022-05-20"], on: "2022-05-20")
        let again = try #require(run.rejection("return_first", as: "HUYEN", ["reason": "x"], on: "2022-05-21"))
        #expect(again.text.contains("đã bị trả lại 1 lần"))
        try run.fire("return_second", as: "HUYEN", ["reason": "thiếu biên bản"], on: "2022-05-23")
        #expect(run.snapshot.data["retry_after"] == "2022-06-06")
        #expect(run.snapshot.data["returns"] == 2)
        try run.fire("resubmit", as: "XA", on: "2022-06-06")
        try run.fire("survey", as: "HUYEN", ["survey_ref": "BB-KS-14", "surveyed_on": "2022-06-08"], on: "2022-06-08")
        try run.fire("return_third", as: "HUYEN", ["reason": "chưa đủ điều kiện"], on: "2022-06-09")
        #expect(run.state == "DEFERRED")
    }

    @Test("an idea not resubmitted by the end of the cycle expires by its timer")
    func expires() throws {
        var run = try Self.proposedIdea()
        try run.fire("return_first", as: "VPDPT", ["reason": "bổ sung"], on: "2022-12-20")
        try run.fire("expire", as: "SYSTEM", on: "2023-01-01")
        #expect(run.state == "EXPIRED")
    }

    @Test("rejection needs a reason; a malformed or future decision reference is refused")
    func rejectAndLegalReference() throws {
        let run = try Self.proposedIdea()
        #expect(run.rejection("reject", as: "VPDPT", on: "2022-06-10")?.codes == [.inputMissing])
        let malformed: [String: JSONValue] = ["legal_ref": "QĐ mười hai", "legal_ref_date": "2022-07-01"]
        let bad = try #require(run.rejection("approve", as: "VPDPT", malformed, on: "2022-06-10"))
        #expect(bad.text.contains("không đúng dạng số/ký hiệu"))
        #expect(bad.text.contains("is after today"))
        #expect(run.rejection("reject", as: "VPDPT", ["reason": "trùng sản phẩm"], on: "2022-06-10") == nil)
    }

    @Test("withdrawal from any open state")
    func withdraw() throws {
        var run = try Self.proposedIdea()
        try run.fire("withdraw", as: "CT", ["reason": "chủ thể ngừng sản xuất"], on: "2022-05-05")
        #expect(run.state == "WITHDRAWN")
    }
}

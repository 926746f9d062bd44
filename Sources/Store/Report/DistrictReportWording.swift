import Foundation
import OCOP
import Workflow

/// The phrases of the report in one language: numbers, ranges, counts, dates.
struct Wording {
    let language: ReportLanguage

    init(_ language: ReportLanguage) { self.language = language }

    /// `vi` or `en`.
    func callAsFunction(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    func text(_ value: Bilingual) -> String { language == .vi ? value.vi : value.en }

    func date(_ value: LocalDate) -> String { value.displayString }

    /// A decimal without trailing zeros: "92,5" in Vietnamese, "92.5" in English.
    func number(_ value: Decimal) -> String {
        let plain = Self.plain(value)
        return language == .vi ? plain.replacingOccurrences(of: ".", with: ",") : plain
    }

    /// A decimal with "." and no trailing zeros, for machines ("92.5", "85").
    static func plain(_ value: Decimal) -> String {
        var text = "\(value)"
        if text.contains("."), !text.contains("e"), !text.contains("E") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// "80–85%", or "80%" when both ends are equal.
    func percent(_ range: DistrictReport.ProgressRange) -> String {
        range.min == range.max ? "\(number(range.min))%" : "\(number(range.min))–\(number(range.max))%"
    }

    /// "80–85% KH" / "80–85% of plan".
    func planShare(_ range: DistrictReport.ProgressRange) -> String {
        percent(range) + self(" KH", " of plan")
    }

    /// "80–85% KH (ước đạt)".
    func planShareWithKind(_ range: DistrictReport.ProgressRange) -> String {
        "\(planShare(range)) (\(kind(range.kind)))"
    }

    /// "đạt từ 85 đến 95%" / "85 to 95%", or "đạt 85%" / "85%".
    func fromTo(_ range: DistrictReport.ProgressRange) -> String {
        if range.min == range.max { return self("đạt \(number(range.min))%", "\(number(range.min))%") }
        return self("đạt từ \(number(range.min)) đến \(number(range.max))%", "\(number(range.min)) to \(number(range.max))%")
    }

    func kind(_ kind: DistrictReport.ProgressKind) -> String { text(kind.label) }

    /// "đạt" / "cơ bản đạt" / "chưa đạt" for a stored status code.
    func status(_ code: String) -> String { text(DistrictReport.statusLabel(code)) }

    /// "huyện Vũ Quang" / "Vũ Quang district".
    func district(_ unit: DistrictReport.UnitRef) -> String {
        if unit.name.lowercased().hasPrefix("huyện") { return unit.name }
        return self("huyện \(unit.name)", "\(unit.name) district")
    }

    /// The report's title line.
    func title(_ report: DistrictReport) -> String {
        self(
            "BÁO CÁO KẾT QUẢ XÂY DỰNG NTM, ĐÔ THỊ VĂN MINH VÀ CHƯƠNG TRÌNH OCOP — \(district(report.district)) — số liệu đến ngày \(date(report.asOf))",
            "REPORT ON NEW RURAL DEVELOPMENT, CIVILISED URBAN AREAS AND THE OCOP PROGRAMME — \(district(report.district)) — figures as of \(date(report.asOf))"
        )
    }

    var noData: String { self("Chưa có số liệu", "No data") }

    // MARK: Criteria counts

    /// The level a set measures, from its code ("nâng cao", "kiểu mẫu"…), or nil when it cannot be told.
    func level(of count: DistrictReport.CriteriaCount) -> String? {
        let code = count.criteriaSet
        if code.contains("model") { return self("kiểu mẫu", "model") }
        if code.contains("advanced") { return self("nâng cao", "advanced") }
        if code.contains("urban") { return self("đô thị văn minh", "civilised-urban") }
        if code.contains("ntm") { return "NTM" }
        return nil
    }

    /// "tiêu chí nâng cao" / "advanced criteria", or "tiêu chí (<set name>)" when the level is unknown.
    func criteriaWords(_ count: DistrictReport.CriteriaCount) -> String {
        guard let level = level(of: count) else { return self("tiêu chí (\(count.criteriaSetName.vi))", "criteria (\(count.criteriaSetName.en))") }
        return self("tiêu chí \(level)", "\(level) criteria")
    }

    /// "cơ bản đạt 13/20 tiêu chí nâng cao (bộ tạm thời)", "đạt và cơ bản đạt 12/20 …", or with the split known
    /// "đạt 10, cơ bản đạt 3, chưa đạt 5, chưa đánh giá 2 (13/20 tiêu chí nâng cao, bộ tạm thời)".
    func criteria(_ count: DistrictReport.CriteriaCount) -> String {
        let ratio = "\(count.metOrBasicallyMet)/\(count.total)"
        let provisional = count.setIssued ? nil : self("bộ tạm thời", "provisional set")
        if let split = split(count) {
            return "\(split) (\([ratio + " " + criteriaWords(count), provisional].compactMap { $0 }.joined(separator: ", ")))"
        }
        let head: String
        switch (count.met, count.basicallyMet) {
        case (nil, nil): head = self("đạt và cơ bản đạt", "met or basically met")
        case (_, let basic?) where basic == count.metOrBasicallyMet: head = self("cơ bản đạt", "basically met")
        case (let met?, _) where met == count.metOrBasicallyMet: head = self("đạt", "met")
        default: head = self("đạt và cơ bản đạt", "met or basically met")
        }
        return "\(head) \(ratio) \(criteriaWords(count))" + (provisional.map { " (\($0))" } ?? "")
    }

    /// "đạt 10, cơ bản đạt 3, chưa đạt 5, chưa đánh giá 2", when the assessments give the split.
    private func split(_ count: DistrictReport.CriteriaCount) -> String? {
        guard count.source == .perCriterion || (count.met != nil && count.basicallyMet != nil && count.notYetMet != nil),
            let met = count.met, let basic = count.basicallyMet
        else { return nil }
        var parts = [self("đạt \(met)", "met \(met)"), self("cơ bản đạt \(basic)", "basically met \(basic)")]
        if let notYet = count.notYetMet {
            parts.append(self("chưa đạt \(notYet)", "not yet met \(notYet)"))
            let unassessed = count.total - met - basic - notYet
            if unassessed > 0 { parts.append(self("chưa đánh giá \(unassessed)", "not assessed \(unassessed)")) }
        }
        return parts.joined(separator: ", ")
    }

    /// Whether ``criteria(_:)`` already shows what is left (the split is printed).
    func showsSplit(_ count: DistrictReport.CriteriaCount) -> Bool { split(count) != nil }

    /// "còn 7 tiêu chí chưa đạt" / "7 criteria not yet met".
    func remaining(_ count: DistrictReport.CriteriaCount) -> String {
        self("còn \(count.remaining) tiêu chí chưa đạt", "\(count.remaining) criteria not yet met")
    }

    /// "3/4 tiêu chí kiểu mẫu" / "3/4 model conditions".
    func modelConditions(met: Int, total: Int) -> String {
        self("\(met)/\(total) tiêu chí kiểu mẫu", "\(met)/\(total) model conditions")
    }

    // MARK: Units, results, forecasts, OCOP

    /// The figures of a unit joined by "; ", e.g. "cơ bản đạt 13/20 tiêu chí nâng cao (bộ tạm thời); 3/4 tiêu chí
    /// kiểu mẫu; 80–85% KH". The kind is added to the % KH when it differs from `groupKind`.
    func unitFigures(_ unit: DistrictReport.UnitProgress, groupKind: DistrictReport.ProgressKind?) -> String {
        var parts: [String] = []
        if let recognition = unit.recognition, !(recognition.status == .recognised && unit.state == "MAINTAINING") {
            parts.append(self.recognition(recognition, reportedUnit: unit.unit))
        }
        if let count = unit.criteria { parts.append(criteria(count)) }
        if let met = unit.modelConditionsMet, let total = unit.modelConditionsTotal { parts.append(modelConditions(met: met, total: total)) }
        if let range = unit.progress { parts.append(range.kind == groupKind ? planShare(range) : planShareWithKind(range)) }
        if let count = unit.criteria, count.remaining > 0, !showsSplit(count) { parts.append(remaining(count)) }
        if parts.isEmpty { return unit.stateLabel.map(text) ?? noData }
        return parts.joined(separator: "; ")
    }

    /// "383/QĐ-UBND ngày 20/12/2023" / "383/QĐ-UBND of 20/12/2023"; "?" for a decision not recorded.
    func decision(_ number: String?, _ day: LocalDate?) -> String {
        guard let day else { return number ?? "?" }
        return self("\(number ?? "?") ngày \(date(day))", "\(number ?? "?") of \(date(day))")
    }

    /// A recognition as of the report's day: "đã được công nhận xã đạt chuẩn NTM theo 3900/QĐ-UBND ngày 20/12/2023",
    /// "chờ thừa nhận lại sau sáp nhập (…)", "đã được thừa nhận lại …", "đã bị thu hồi công nhận …".
    func recognition(_ recognition: DistrictReport.Recognition, reportedUnit: DistrictReport.UnitRef) -> String {
        let level = recognition.scope.flatMap(CriteriaSet.Scope.init(rawValue:)).map { text($0.label) }
        var recognised = self(
            "được công nhận" + (level.map { " \($0)" } ?? " đạt chuẩn") + " theo \(decision(recognition.decision, recognition.decisionDate))",
            "recognised" + (level.map { " as \($0)" } ?? "") + " by \(decision(recognition.decision, recognition.decisionDate))")
        if let unit = recognition.unit, unit.code != reportedUnit.code {
            recognised += self(" (\(unit.name), trước sáp nhập)", " (\(unit.name), before the merger)")
        }
        switch recognition.status {
        case .recognised:
            return self("đã \(recognised)", recognised)
        case .awaitingReconfirmation:
            let merger = decision(recognition.mergerDecision, recognition.mergerDate)
            return self(
                "chờ thừa nhận lại sau sáp nhập (\(recognised); sáp nhập theo \(merger))",
                "awaiting re-confirmation after the merger (\(recognised); merged by \(merger))")
        case .reconfirmed:
            let later = decision(recognition.laterDecision, recognition.laterDecisionDate)
            return self("đã được thừa nhận lại sau sáp nhập theo \(later) (\(recognised))", "re-confirmed after the merger by \(later) (\(recognised))")
        case .revoked:
            let later = decision(recognition.laterDecision, recognition.laterDecisionDate)
            return self("đã bị thu hồi công nhận theo \(later) (\(recognised))", "recognition revoked by \(later) (\(recognised))")
        }
    }

    /// The district's own registration: its state, then its figures when any ("Đang thực hiện; 80% KH (ước đạt)").
    func registration(_ unit: DistrictReport.UnitProgress) -> String {
        let figures = unit.criteria != nil || unit.progress != nil ? unitFigures(unit, groupKind: nil) : nil
        let parts = [unit.stateLabel.map(text), figures].compactMap { $0 }
        return parts.isEmpty ? noData : parts.joined(separator: "; ")
    }

    /// "521 cột mốc — cắm mốc quản lý quy hoạch (trên 6 tuyến đường huyện)", prefixed by the unit when it is not
    /// the district.
    func result(_ result: DistrictReport.KeyResult, district: DistrictReport.UnitRef) -> String {
        let amount = [result.quantity.map(number), result.measure].compactMap { $0 }.joined(separator: " ")
        var line = amount.isEmpty ? text(result.label) : "\(amount) — \(text(result.label))"
        if let detail = result.detail, !detail.isEmpty { line += " (\(detail))" }
        return result.unit.code == district.code ? line : "\(result.unit.name): \(line)"
    }

    /// "5" or "15–20".
    func forecastCount(_ forecast: DistrictReport.Forecast) -> String {
        forecast.min == forecast.max ? "\(forecast.min)" : "\(forecast.min)–\(forecast.max)"
    }

    /// "Dự kiến đến 31/12/2022" / "Forecast for 31/12/2022".
    func forecastLabel(_ forecast: DistrictReport.Forecast) -> String {
        self("Dự kiến đến \(date(forecast.byDate))", "Forecast for \(date(forecast.byDate))")
    }

    /// "Dự kiến đến 31/12/2022: 15–20 (note)".
    func forecast(_ forecast: DistrictReport.Forecast) -> String {
        "\(forecastLabel(forecast)): \(forecastCount(forecast))" + (forecast.note.map { " (\($0))" } ?? "")
    }

    /// "Đăng ký năm 2022" / "Registered for 2022".
    func registered(year: Int) -> String { self("Đăng ký năm \(year)", "Registered for \(year)") }

    /// "đang thực hiện 4, đã đề nghị 1", or nil when there are none.
    func states(_ counts: [DistrictReport.StateCount]) -> String? {
        counts.isEmpty ? nil : counts.map { "\(text($0.label)) \($0.count)" }.joined(separator: ", ")
    }

    /// "Giò bột Hiên Tý – Thị trấn".
    func item(_ item: DistrictReport.OCOPItem) -> String { "\(item.name) – \(item.unit.name)" }

    /// "3★: 5; 4★: 1", by stars ascending, or nil when there are none.
    func stars(_ byStars: [Int: Int]) -> String? {
        byStars.isEmpty ? nil : byStars.sorted { $0.key < $1.key }.map { "\($0.key)★: \($0.value)" }.joined(separator: "; ")
    }

    /// Whether the OCOP section holds anything at all.
    static func isEmpty(_ ocop: DistrictReport.OCOPSection) -> Bool {
        ocop.ideasProposed == 0 && ocop.ideasApproved.isEmpty && ocop.ideasRejected == 0 && ocop.ideasAwaitingDecision == 0
            && ocop.productsInDevelopment.isEmpty && ocop.certificatesByStars.isEmpty && ocop.certificatesExpiring.isEmpty
            && ocop.claimsAccepted.isEmpty
    }

    // MARK: Section and label names

    var sectionDistrict: String { self("Huyện NTM nâng cao", "Advanced NTM district") }
    var sectionCommunes: String { self("Các xã", "Communes") }
    var sectionTowns: String { self("Đô thị văn minh", "Civilised urban areas") }
    var sectionResidential: String { self("Khu dân cư, TDP, cụm dân cư, nhà vườn", "Villages, residential groups, clusters, garden-houses") }
    var sectionOCOP: String { self("Chương trình OCOP", "OCOP programme") }
    var criteriaSetLabel: String { self("Bộ tiêu chí", "Criteria set") }
    var keyResultsLabel: String { self("Kết quả nổi bật", "Key results") }
    var recognisedLabel: String { self("Đã đạt chuẩn", "Recognised") }
    var byStateLabel: String { self("Theo trạng thái", "By state") }
    var registrationLabel: String { self("Đăng ký", "Registration") }
    var progressLabel: String { self("Tiến độ", "Progress") }
    var ideasProposedLabel: String { self("Ý tưởng đề xuất tỉnh thẩm định", "Ideas proposed to the province") }
    var ideasApprovedLabel: String { self("Được chấp thuận", "Approved") }
    var ideasAwaitingLabel: String { self("Chờ quyết định", "Awaiting decision") }
    var ideasRejectedLabel: String { self("Không được chấp thuận", "Not approved") }
    var inDevelopmentLabel: String { self("Sản phẩm đang hoàn thiện để phân hạng", "Products being completed for rating") }
    var certificatesLabel: String { self("Giấy chứng nhận OCOP còn hiệu lực", "OCOP certificates in force") }
    func expiringLabel(_ days: Int) -> String { self("Sắp hết hạn trong \(days) ngày", "Expiring within \(days) days") }
    var claimsLabel: String { self("Hồ sơ hỗ trợ đã nghiệm thu trong năm", "Support claims accepted this year") }
    var noneWord: String { self("không có", "none") }
}

// MARK: - Plain text

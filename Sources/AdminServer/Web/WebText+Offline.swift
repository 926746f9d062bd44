/// The words of the offline field entry: the NTM field forms and the sync panel's headings (the status bar's own
/// words are in the script, which also runs on pages kept on the device).
extension WebText {
    static let offlineVI: [String: String] = [
        "fieldTitle": "Ghi nhận NTM tại thực địa", "fieldAssessment": "Đánh giá một tiêu chí", "fieldProgress": "Báo cáo tiến độ",
        "fieldSet": "Bộ tiêu chí", "fieldCriterion": "Tiêu chí", "fieldStatus": "Đánh giá", "fieldPlan": "% khối lượng kế hoạch",
        "fieldAsOf": "Số liệu tính đến ngày", "fieldRecord": "Ghi nhận", "fieldScope": "Phạm vi", "fieldMet": "Số tiêu chí đạt",
        "fieldBasicallyMet": "Số tiêu chí cơ bản đạt", "fieldKind": "Đã đạt, ước đạt hay dự kiến", "fieldNav": "Thực địa",
    ]

    static let offlineEN: [String: String] = [
        "fieldTitle": "NTM field entry", "fieldAssessment": "Assess one criterion", "fieldProgress": "Progress report",
        "fieldSet": "Criteria set", "fieldCriterion": "Criterion", "fieldStatus": "Assessment", "fieldPlan": "% of the planned volume",
        "fieldAsOf": "Figures as of", "fieldRecord": "Record", "fieldScope": "Scope", "fieldMet": "Criteria met",
        "fieldBasicallyMet": "Criteria basically met", "fieldKind": "Achieved, estimate or forecast", "fieldNav": "Field",
    ]
}

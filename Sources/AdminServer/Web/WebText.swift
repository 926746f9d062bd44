/// The dashboard's words in Vietnamese and English.
enum WebText {
    static func table(_ language: ServerLanguage) -> [String: String] {
        language == .vi ? vi : en
    }

    static let vi: [String: String] = [
        "pipeline": "Tiến độ", "signOut": "Đăng xuất", "signIn": "Đăng nhập", "signInTitle": "Đăng nhập hệ thống OCOP",
        "token": "Mã truy cập", "tokenHelp": "Dán mã do quản trị viên cấp (ocop user token create).",
        "pipelineTitle": "Tiến độ chương trình OCOP và Nông thôn mới", "stage": "Giai đoạn", "count": "Số hồ sơ", "nothing": "Chưa có hồ sơ nào.",
        "name": "Tên", "unit": "Đơn vị", "updated": "Cập nhật", "version": "phiên bản", "facts": "Thông tin", "dossier": "Hồ sơ",
        "actions": "Thao tác", "noActions": "Bạn không có thao tác nào ở giai đoạn này.", "comment": "Ghi chú", "legalRef": "Số, ngày quyết định",
        "blocked": "Các bước chưa thực hiện được và lý do", "history": "Lịch sử", "onBehalf": "thay mặt", "subject": "Chủ thể",
        "badSignIn": "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.", "fired": "Đã thực hiện", "list": "Danh sách hồ sơ",
        // NTM and report pages
        "ntm": "NTM", "report": "Báo cáo", "ntmTitle": "Tiến độ xây dựng nông thôn mới",
        "reportTitle": "Báo cáo kết quả xây dựng NTM, đô thị văn minh và OCOP", "asOfLabel": "Số liệu đến ngày", "show": "Xem",
        "asOfText": "số liệu tính đến ngày", "districtLabel": "Huyện", "year": "năm", "downloadCSV": "Tải về CSV (Excel)",
        "downloadJSON": "Tải về JSON", "criteriaWord": "tiêu chí", "provisional": "bộ tiêu chí chưa được ban hành chính thức",
        "modelConditions": "điều kiện xã NTM kiểu mẫu", "planVolume": "Khối lượng kế hoạch", "ofPlan": "KH", "groupRange": "Cả nhóm",
        "noUnits": "Chưa có số liệu tiến độ NTM bạn được xem cho ngày này.", "towns": "Thị trấn — đô thị văn minh",
        "residential": "Khu dân cư, tổ dân phố, cụm dân cư và vườn", "registeredYear": "Đăng ký trong năm", "recognised": "đã đạt chuẩn",
        "forecasts": "Dự kiến đến cuối năm", "forecastNote": "Số dự kiến, chưa phải kết quả đã đạt.", "byDate": "đạt chuẩn trước ngày",
        "forecastAsOf": "lập ngày", "unitList": "Danh sách đơn vị", "districtTarget": "Huyện đăng ký", "districtCriteria": "Tiêu chí huyện",
        "criterion": "Tiêu chí", "status": "Đánh giá", "results": "Kết quả nổi bật", "ocop": "Chương trình OCOP",
        "ideasProposed": "Ý tưởng sản phẩm đã khảo sát, đề xuất thẩm định", "ideasApproved": "tỉnh phê duyệt",
        "ideasRejected": "không được phê duyệt", "ideasAwaiting": "chờ quyết định", "productsInDevelopment": "Sản phẩm đang hoàn thiện để đánh giá, phân hạng",
        "certificates": "Giấy chứng nhận còn hiệu lực", "expiring": "Sắp hết hiệu lực trong", "days": "ngày",
        "claimsAccepted": "Đã nghiệm thu chính sách hỗ trợ trong năm", "badDate": "Ngày không hợp lệ; đang hiển thị số liệu đến hôm nay.",
        "deadlines": "Hạn sắp tới", "deadline": "Hạn", "notifications": "Thông báo gửi cho bạn", "sent": "Đã gửi", "waiting": "Đang chờ gửi",
        // Excel, printing and search (issue 13)
        "downloadXLSX": "Tải về Excel (.xlsx)", "print": "Bản in (A4)", "search": "Tìm kiếm", "searchPlaceholder": "Tên sản phẩm, chủ thể, đơn vị, ý tưởng",
        "searchNothing": "Không tìm thấy kết quả nào.", "kind": "Loại",
    ]

    static let en: [String: String] = [
        "pipeline": "Pipeline", "signOut": "Sign out", "signIn": "Sign in", "signInTitle": "Sign in to OCOP",
        "token": "Access token", "tokenHelp": "Paste the token your administrator issued (ocop user token create).",
        "pipelineTitle": "OCOP and New Rural Development pipeline", "stage": "Stage", "count": "Records", "nothing": "No records yet.",
        "name": "Name", "unit": "Unit", "updated": "Updated", "version": "version", "facts": "Details", "dossier": "Dossier",
        "deadlines": "Deadlines ahead", "deadline": "Due", "notifications": "Notifications to you", "sent": "Sent", "waiting": "Waiting",
        "actions": "Actions", "noActions": "You have no action at this stage.", "comment": "Comment", "legalRef": "Decision number and date",
        "blocked": "Steps not possible now, and why", "history": "History", "onBehalf": "on behalf of", "subject": "Subject",
        "badSignIn": "The token is invalid, expired or revoked.", "fired": "Done", "list": "Records",
        // NTM and report pages
        "ntm": "NTM", "report": "Report", "ntmTitle": "New Rural Development progress",
        "reportTitle": "Report on New Rural Development, civilised urban areas and OCOP", "asOfLabel": "Figures as of", "show": "Show",
        "asOfText": "figures as of", "districtLabel": "District", "year": "year", "downloadCSV": "Download CSV (Excel)",
        "downloadJSON": "Download JSON", "criteriaWord": "criteria", "provisional": "criteria set not yet officially issued",
        "modelConditions": "model NTM commune conditions", "planVolume": "Planned volume", "ofPlan": "of plan", "groupRange": "Whole group",
        "noUnits": "No NTM progress you may see for this date.", "towns": "Town — civilised urban area",
        "residential": "Villages, residential groups, clusters and gardens", "registeredYear": "Registered this year", "recognised": "recognised",
        "forecasts": "Year-end forecast", "forecastNote": "Forecast figures, not achieved results.", "byDate": "to meet the standard by",
        "forecastAsOf": "made on", "unitList": "Units", "districtTarget": "The district's registration", "districtCriteria": "District criteria",
        "criterion": "Criterion", "status": "Assessment", "results": "Key results", "ocop": "OCOP programme",
        "ideasProposed": "Product ideas surveyed and proposed for appraisal", "ideasApproved": "approved by the province",
        "ideasRejected": "not approved", "ideasAwaiting": "awaiting a decision", "productsInDevelopment": "Products being completed for star rating",
        "certificates": "Certificates in force", "expiring": "Expiring within", "days": "days",
        "claimsAccepted": "Support accepted (nghiệm thu) this year", "badDate": "Not a valid date; showing figures as of today.",
        // Excel, printing and search (issue 13)
        "downloadXLSX": "Download Excel (.xlsx)", "print": "Printable (A4)", "search": "Search", "searchPlaceholder": "Product, producer, unit or idea name",
        "searchNothing": "Nothing found.", "kind": "Kind",
    ]
}

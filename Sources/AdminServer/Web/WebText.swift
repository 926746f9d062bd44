/// The dashboard's words in Vietnamese and English.
enum WebText {
    static func table(_ language: ServerLanguage) -> [String: String] {
        language == .vi ? allVI : allEN
    }

    /// The words with those of the offline field entry (``WebText/offlineVI``).
    private static let allVI = vi.merging(offlineVI) { first, _ in first }
    private static let allEN = en.merging(offlineEN) { first, _ in first }

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
        // Accounts
        "userName": "Tên đăng nhập", "password": "Mật khẩu", "tokenSignIn": "Đăng nhập bằng mã truy cập (cho kịch bản, quản trị viên)",
        "forgotPassword": "Quên mật khẩu? Cán bộ phụ trách địa bàn hoặc quản trị viên đặt lại cho bạn một mật khẩu tạm.",
        "badPassword": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "locked": "Đăng nhập sai quá nhiều lần: tài khoản tạm khóa đến {time}. Hãy thử lại sau, hoặc nhờ cán bộ đặt lại mật khẩu.",
        "account": "Tài khoản", "changePassword": "Đổi mật khẩu", "currentPassword": "Mật khẩu hiện tại (hoặc mật khẩu tạm)",
        "newPassword": "Mật khẩu mới", "repeatPassword": "Nhập lại mật khẩu mới",
        "passwordRules": "Ít nhất 10 ký tự, không chứa tên đăng nhập.", "notSame": "Hai lần nhập mật khẩu mới không giống nhau.",
        "passwordChanged": "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đóng.",
        "mustChange": "Bạn đang dùng mật khẩu tạm: hãy đặt mật khẩu mới trước khi làm việc tiếp.",
        "languageTitle": "Ngôn ngữ", "languageLabel": "Ngôn ngữ hiển thị", "save": "Lưu", "passwordHistory": "Lịch sử mật khẩu",
        "pw_set": "đặt mật khẩu", "pw_reset": "đặt lại mật khẩu tạm", "pw_changed": "đổi mật khẩu", "pw_locked": "tạm khóa do đăng nhập sai",
        "users": "Người dùng", "usersHelp": "Chủ thể trên địa bàn bạn phụ trách: đặt lại mật khẩu tạm để trao cho họ.",
        "noUsers": "Không có người dùng nào bạn được đặt lại mật khẩu.", "hasPassword": "đã có", "noPassword": "chưa đặt",
        "lockedUntil": "tạm khóa đến", "resetPassword": "Đặt lại mật khẩu",
        "resetDone": "Mật khẩu tạm của {user}: {password} — trao trực tiếp cho người dùng; họ phải đổi khi đăng nhập.",
        "errorHelp": "Mã yêu cầu (báo cho quản trị viên nếu cần):", "backHome": "Về trang tiến độ",
        "producerTitle": "Sản phẩm của tôi", "producerNav": "Sản phẩm", "producerNothing": "Chưa có ý tưởng hay sản phẩm nào.",
        "idea": "Ý tưởng", "product": "Sản phẩm", "missingItems": "Hồ sơ còn thiếu", "scores": "Điểm chấm của hội đồng", "council": "Hội đồng",
        "round": "Vòng", "average": "Điểm trung bình", "sheets": "Số phiếu", "day": "Ngày", "certificatesHeading": "Giấy chứng nhận",
        "claimsHeading": "Hỗ trợ và chi trả", "policy": "Chính sách", "amountWord": "Số tiền", "paidWord": "Đã chi",
        "reasonsHeading": "Các lần trả lại, từ chối và lý do",
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
        // Accounts
        "userName": "User name", "password": "Password", "tokenSignIn": "Sign in with an access token (scripts, administrators)",
        "forgotPassword": "Forgot your password? The officer responsible for your area or an administrator sets a temporary one for you.",
        "badPassword": "The user name or password is not right.",
        "locked": "Too many failed sign-ins: the account is locked until {time}. Try again later, or ask an officer to reset the password.",
        "account": "Account", "changePassword": "Change password", "currentPassword": "Current password (or the temporary one)",
        "newPassword": "New password", "repeatPassword": "Repeat the new password",
        "passwordRules": "At least 10 characters, not containing the user name.", "notSame": "The two new passwords are not the same.",
        "passwordChanged": "Password changed. Your other sessions have been signed out.",
        "mustChange": "You signed in with a temporary password: set a new one before you go on.",
        "languageTitle": "Language", "languageLabel": "Display language", "save": "Save", "passwordHistory": "Password history",
        "pw_set": "password set", "pw_reset": "temporary password set", "pw_changed": "password changed", "pw_locked": "locked after failed sign-ins",
        "users": "Users", "usersHelp": "Producers in your area: reset a temporary password to hand to them.",
        "noUsers": "No users whose password you may reset.", "hasPassword": "set", "noPassword": "not set",
        "lockedUntil": "locked until", "resetPassword": "Reset password",
        "resetDone": "Temporary password of {user}: {password} — hand it to the person; they must change it when they sign in.",
        "errorHelp": "Request id (give it to an administrator if needed):", "backHome": "Back to the pipeline",
        "producerTitle": "My products", "producerNav": "Products", "producerNothing": "No ideas or products yet.",
        "idea": "Idea", "product": "Product", "missingItems": "Missing from the dossier", "scores": "Council scores", "council": "Council",
        "round": "Round", "average": "Average", "sheets": "Sheets", "day": "Date", "certificatesHeading": "Certificates",
        "claimsHeading": "Support and payments", "policy": "Policy", "amountWord": "Amount", "paidWord": "Paid",
        "reasonsHeading": "Returns, refusals and their reasons",
        // Excel, printing and search (issue 13)
        "downloadXLSX": "Download Excel (.xlsx)", "print": "Printable (A4)", "search": "Search", "searchPlaceholder": "Product, producer, unit or idea name",
        "searchNothing": "Nothing found.", "kind": "Kind",
    ]
}

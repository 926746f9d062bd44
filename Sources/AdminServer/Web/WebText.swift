/// The dashboard's words in Vietnamese and English.
enum WebText {
    static func table(_ language: ServerLanguage) -> [String: String] {
        language == .vi ? vi : en
    }

    static let vi: [String: String] = [
        "pipeline": "Tiến độ", "signOut": "Đăng xuất", "signIn": "Đăng nhập", "signInTitle": "Đăng nhập hệ thống OCOP",
        "token": "Mã truy cập", "tokenHelp": "Dán mã do quản trị viên cấp (ocop user token create).",
        "pipelineTitle": "Tiến độ chương trình OCOP và Nông thôn mới", "stage": "Giai đoạn", "count": "Số hồ sơ", "nothing": "Chưa có hồ sơ nào.",
        "name": "Tên", "unit": "Đơn vị", "updated": "Cập nhật", "version": "phiên bản", "facts": "Thông tin", "dossier": "Hồ sơ đã có",
        "actions": "Thao tác", "noActions": "Bạn không có thao tác nào ở giai đoạn này.", "comment": "Ghi chú", "legalRef": "Số, ngày quyết định",
        "blocked": "Các bước chưa thực hiện được và lý do", "history": "Lịch sử", "onBehalf": "thay mặt", "subject": "Chủ thể",
        "badSignIn": "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.", "fired": "Đã thực hiện", "list": "Danh sách hồ sơ",
    ]

    static let en: [String: String] = [
        "pipeline": "Pipeline", "signOut": "Sign out", "signIn": "Sign in", "signInTitle": "Sign in to OCOP",
        "token": "Access token", "tokenHelp": "Paste the token your administrator issued (ocop user token create).",
        "pipelineTitle": "OCOP and New Rural Development pipeline", "stage": "Stage", "count": "Records", "nothing": "No records yet.",
        "name": "Name", "unit": "Unit", "updated": "Updated", "version": "version", "facts": "Details", "dossier": "Dossier items present",
        "actions": "Actions", "noActions": "You have no action at this stage.", "comment": "Comment", "legalRef": "Decision number and date",
        "blocked": "Steps not possible now, and why", "history": "History", "onBehalf": "on behalf of", "subject": "Subject",
        "badSignIn": "The token is invalid, expired or revoked.", "fired": "Done", "list": "Records",
    ]
}

import Foundation

/// The installable app's small files: the web manifest, the icon and the status bar's style. The service worker and
/// the page script are in ``OfflineAssets/serviceWorker`` and ``OfflineAssets/script`` (plain JavaScript, no build step).
enum OfflineAssets {
    /// Bumped whenever the worker, the script or the page shells change: the worker's caches are named after it, and
    /// an old worker's caches are removed when the new one activates.
    static let version = "ocop-offline-1"

    /// The web manifest: Vietnamese name by default, English for English-speaking users.
    static func manifest(_ language: ServerLanguage) -> String {
        let (name, short, description) =
            language == .vi
            ? ("OCOP · Nông thôn mới Vũ Quang", "OCOP NTM", "Hồ sơ OCOP và nông thôn mới; ghi nhận tại thực địa cả khi không có mạng")
            : ("OCOP · New Rural Development, Vũ Quang", "OCOP NTM", "OCOP and NTM records; field entry even with no connection")
        return """
            {"name":"\(name)","short_name":"\(short)","description":"\(description)","lang":"\(language.rawValue)",
            "start_url":"/pipeline","scope":"/","display":"standalone","background_color":"#f6f7f9","theme_color":"#0b5d3b",
            "icons":[{"src":"/offline/icon.svg","sizes":"any","type":"image/svg+xml","purpose":"any"},
            {"src":"/offline/icon.svg","sizes":"any","type":"image/svg+xml","purpose":"maskable"}]}
            """
    }

    /// A rice-stalk leaf on the dashboard's green, with "OCOP" — drawn here, no image files.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
        <rect width="512" height="512" rx="96" fill="#0b5d3b"/>
        <path d="M256 96c-70 60-98 130-84 204 10 52 44 86 84 100 40-14 74-48 84-100 14-74-14-144-84-204z" fill="#7cc49a"/>
        <path d="M256 150v250" stroke="#0b5d3b" stroke-width="14" stroke-linecap="round"/>
        <text x="256" y="470" font-family="sans-serif" font-size="72" font-weight="700" fill="#ffffff" text-anchor="middle">OCOP</text>
        </svg>
        """

    /// The status bar and the sync panel.
    static let css = """
        .offline-bar{font-size:.85rem;padding:.25rem 1rem;background:#e6f2ec;color:#0b5d3b;display:flex;gap:.8rem;flex-wrap:wrap}
        .offline-bar.offline{background:#fff4d6;color:#6b4b00}.offline-bar .waiting{font-weight:600}
        .sync-panel{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.8rem 1rem;margin:.8rem 0}
        #sync-panel ul{list-style:none;padding-left:0}#sync-panel li{border-top:1px solid #e3e6ea;padding:.5rem 0}
        #sync-panel li[data-status=conflict],#sync-panel li[data-status=refused]{color:#8a1c1c}#sync-panel button{margin-right:.5rem}
        #sync-panel button.discard{background:#fff;color:#8a1c1c;border-color:#8a1c1c}
        """
}

import Foundation
import OCOP
import Workflow

extension LocalDate {
    /// The day an instant falls on in Vietnam (Asia/Ho_Chi_Minh): the business day of a step or a request.
    public init(vietnamDayOf instant: Date) {
        let date = VietnamTime.date(of: instant)
        self = LocalDate(year: date.year, month: date.month, day: date.day)!
    }
}

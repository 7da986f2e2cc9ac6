using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// A sign-in said in words on the phone: the time, the status and the rule it was measured by, with the rounding as
/// the rules count it — "已签到 13:09:30；须于13:05前到场，记迟到5分钟（不足1分钟按1分钟计）。" — the same status the console shows.
/// </summary>
public static class CheckInWords
{
    public static string Clock(DateTimeOffset t, string zone, bool seconds = true)
    {
        var l = ClassClock.ToLocal(t, zone);
        return l.ToString(seconds || l.Second != 0 ? "HH:mm:ss" : "HH:mm");
    }

    public static string Say(Texts t, CheckInSessionRow s, string kind, DateTimeOffset at, CheckInReading r)
    {
        var z = s.TimeZone;
        var said = t.Kept(kind == "out" ? "SignIn.SaidOut" : "SignIn.SaidIn", Clock(at, z)) + "（" + t.Zone(z) + "）；";
        if (r.Marked)
            return said + t.Kept("SignIn.RuleMarked", AttendanceReports.StatusName(r.Status), r.MarkReason ?? "");
        if (r.ExcusedByLeave) return said + t.Kept("SignIn.RuleExcused");
        if (kind == "out")
        {
            var end = Clock(r.EffectiveEnd, z, seconds: false);
            var outcome = r.Status switch
            {
                "left_without_permission" when r.EarlyLeaveMinutes > 0 => t.Kept("SignIn.OutLeft", end, r.EarlyLeaveMinutes, s.Rules.DepartureMinutes),
                _ when r.EarlyLeaveMinutes > 0 => t.Kept("SignIn.OutEarly", end, r.EarlyLeaveMinutes),
                _ => t.Kept("SignIn.OutOnTime", end),
            };
            return said + outcome + t.Kept("SignIn.StatusNow", Status(r));
        }
        var due = Clock(r.DueAt, z, seconds: false);
        return said + (r.LateMinutes > 0 ? t.Kept("SignIn.RuleLate", due, r.LateMinutes) : t.Kept("SignIn.RuleOnTime", due));
    }

    /// <summary>"迟到 5′", "早退 10′", "出勤": as the console writes a status.</summary>
    public static string Status(CheckInReading r) => AttendanceReports.StatusName(r.Status)
        + (r.LateMinutes > 0 ? $" {r.LateMinutes}′" : "") + (r.Status == "early_leave" && r.EarlyLeaveMinutes > 0 ? $" {r.EarlyLeaveMinutes}′" : "");
}

using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// Where the QR code lands on the trainee's phone: /Attendance/Scan?s={session}&amp;t={token}. Opening it with a valid
/// code gives the phone a scan pass (ScanPass: session, code step, scan time, this phone's device cookie), so the
/// sign-in counts from the scan even when a login and a first password change come between: a phone that is not signed
/// in is sent to the login page with the pass in the link it returns to (/Attendance/Scan?s=…&amp;p=…), which survives
/// the password change. Signing in happens in the browser (wwwroot/js/attendance.js) through the offline queue, with the
/// pass. The page says the status in words, with the rule; 签退 is offered once the session has begun, and before its end
/// only after a confirmation naming what it records. A session of a class the caller may not see answers 404, as the
/// API does: its title and times are not shown.
/// </summary>
[AllowAnonymous]
public sealed class ScanModel(AttendanceStore store, CohortStore cohorts, ScanPasses passes, CheckInReadings readings, Texts texts,
    TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "s")] public long SessionId { get; set; }
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PassIn { get; set; }
    public CheckInSessionRow? Session { get; private set; }
    public bool Enrolled { get; private set; }
    public AttendanceLine? Mine { get; private set; }
    /// <summary>The pass the page signs in with (null: no valid code was scanned; the page asks for a scan).</summary>
    public string? Pass { get; private set; }
    /// <summary>The scan the pass records, when it came back through the login page.</summary>
    public DateTimeOffset? ScannedAt { get; private set; }
    /// <summary>What the trainee's record says now, in words (null: nothing recorded yet).</summary>
    public string? Said { get; private set; }
    /// <summary>The end a sign-out is measured against (the session's, or the start of leave covering it).</summary>
    public DateTimeOffset EffectiveEnd { get; private set; }
    public bool AskPosition => Session?.CheckinRadiusMeters is not null && Session.Latitude is not null;
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync()
    {
        Session = await store.SessionAsync(SessionId, fresh: true);
        if (User.Identity?.IsAuthenticated != true)
        {
            // Not signed in: the scan is kept as a pass before the login page takes the code's seconds. Nothing about the
            // session is shown here; a code that is not valid goes to the login page with the session alone.
            var pass = Session is null ? null : await passes.IssueAsync(HttpContext, Session, Token);
            var back = $"/Attendance/Scan?s={SessionId}" + (pass is not null ? "&p=" + Uri.EscapeDataString(pass)
                : Token is { Length: > 0 and <= 100 } ? "&t=" + Uri.EscapeDataString(Token) : "");
            return Redirect("/Accounts/Login?ReturnUrl=" + Uri.EscapeDataString(back));
        }
        var me = HttpContext.Me();
        if (Session is null || !await cohorts.CanSeeAsync(me, Session.CohortId)) { Session = null; return NotFound(); }
        var s = Session;
        if (await passes.ReadAsync(HttpContext, s, PassIn) is { } claims && Now - claims.ScannedAt <= ScanPass.Lifetime)
        {
            Pass = PassIn;
            ScannedAt = claims.ScannedAt;
        }
        else Pass = await passes.IssueAsync(HttpContext, s, Token);
        EffectiveEnd = s.EndsAt;
        if (await store.EnrollmentOfAsync(s.CohortId, me.Id) is { } e)
        {
            Enrolled = true;
            Mine = (await store.SessionAttendanceAsync(s, e)).Trainees.FirstOrDefault();
            var reading = await readings.ReadAsync(s, e, Mine?.SignedInAt, Mine?.SignedOutAt, Now);
            EffectiveEnd = reading.EffectiveEnd;
            if (Mine?.SignedInAt is { } inAt)
            {
                Said = CheckInWords.Say(texts, s, "in", inAt, await readings.ReadAsync(s, e, inAt, null, Now));
                if (Mine.SignedOutAt is { } outAt) Said += " " + CheckInWords.Say(texts, s, "out", outAt, reading);
            }
        }
        return Page();
    }

    public bool SignedIn => Mine?.SignedInAt is not null;
    /// <summary>A code came with the link but is no longer valid (it rotated away while the phone was on the login page,
    /// or a photo of it was passed on).</summary>
    public bool CodeExpired => Pass is null && !string.IsNullOrWhiteSpace(Token);
    /// <summary>签退 is offered once the session has begun, to someone signed in.</summary>
    public bool SignOutOpen => SignedIn && Session is { } s && AttendanceRulebook.SignOutOpen(s.StartsAt, s.EndsAt, s.Rules, Now);
}

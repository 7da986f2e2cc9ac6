using System.Globalization;
using CommunityAcademy.Domain.Certificates;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Certificates;

/// <summary>
/// 结业证书 of a class (#22): the rule and who is eligible (and why not, in words), the template (title, body with fields,
/// issuer, date, serial format, 学时, page), the seal, issuing to the eligible, each certificate's PDF and the whole class's
/// in one PDF, revoking and reissuing (each asked first: ?revoke= / ?reissue= shows the form with its reason, no
/// JavaScript needed). Organizers change; head teachers read and download.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class IndexModel(IAuthorizationService auth, CohortStore cohorts, CertificateStore store, CertificateFiles files, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    /// <summary>The kind shown: the 结业证书 (/Certificates/{class}) or the 优秀学员证书 (/Certificates/{class}/outstanding).</summary>
    [FromRoute(Name = "kind")] public string? KindRoute { get; set; }
    [FromQuery(Name = "issue")] public bool AskIssue { get; set; }
    public string Kind => CertificateKinds.Parse(KindRoute);
    public bool IsOutstanding => Kind == CertificateKinds.Outstanding;
    /// <summary>The confirmed outstanding list (the 优秀学员证书's trainees), null while not confirmed.</summary>
    public IReadOnlyList<Scores.ConfirmedPick>? Confirmed { get; private set; }
    [FromQuery(Name = "revoke")] public long? AskRevoke { get; set; }
    [FromQuery(Name = "reissue")] public long? AskReissue { get; set; }
    public CohortRow? Cohort { get; private set; }
    public CertificateSettings? Settings { get; private set; }
    public IReadOnlyList<CertificateLine> Lines { get; private set; } = [];
    public IReadOnlyList<CertificateRow> All { get; private set; } = [];

    // the rule
    [BindProperty] public string? MinAttendance { get; set; }
    [BindProperty] public bool NoDepartures { get; set; }
    [BindProperty] public bool TasksAccepted { get; set; }
    [BindProperty] public string? MinScore { get; set; }
    /// <summary>The online items completed, at least this percent (100: every one; empty: no such rule).</summary>
    [BindProperty] public string? MinOnline { get; set; }
    // the template
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Issuer { get; set; }
    [BindProperty] public string? IssueDate { get; set; }
    [BindProperty] public string? SerialFormat { get; set; }
    [BindProperty] public string? Hours { get; set; }
    [BindProperty] public string? Orientation { get; set; }
    [BindProperty] public IFormFile? Seal { get; set; }
    // revoke / reissue
    [BindProperty] public long Certificate { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        if (IsOutstanding)
        {
            Settings = await store.SettingsAsync(Id, Kind);
            Confirmed = await store.ConfirmedOutstandingAsync(Id);
        }
        else (Settings, Lines) = await store.JudgeAsync(Id);
        All = await store.ListAsync(Id, kind: Kind);
        if (Request.Method == "POST") return;
        var (r, t) = (Settings.Rule, Settings.Template);
        (MinAttendance, NoDepartures, TasksAccepted, MinScore) = (r.MinAttendancePercent?.ToString(), r.NoDepartures, r.TasksAccepted, r.MinScore?.ToString("0.##"));
        MinOnline = r.MinOnlinePercent?.ToString();
        (Title, Body, Issuer, IssueDate, SerialFormat, Hours, Orientation) =
            (t.Title, t.Body, t.Issuer, t.IssueDate?.ToString("yyyy-MM-dd"), t.SerialFormat, t.Hours, CertificateStore.Orientation(t.Orientation));
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    /// <summary>One certificate's PDF (in force or revoked: the organizer's copy).</summary>
    public async Task<IActionResult> OnGetPdfAsync(long certificate)
    {
        if (await cohorts.FindAsync(Id) is null || await store.FindAsync(Id, certificate) is not { } cert || cert.Kind != Kind) return NotFound();
        var pdf = await files.PdfAsync(Request, [cert], cert.Serial);
        return pdf is null ? Problem409() : File(pdf, CertificatePdf.ContentType, CertificateFiles.FileName(cert));
    }

    /// <summary>The whole class: every certificate in force, one PDF, by serial.</summary>
    public async Task<IActionResult> OnGetAllAsync()
    {
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        var live = await store.ListAsync(Id, liveOnly: true, Kind);
        if (live.Count == 0) { await AuthorizedAsync(); await LoadAsync(); Error = texts["Certificates.NoneIssued"]; Response.StatusCode = 409; return Page(); }
        var pdf = await files.PdfAsync(Request, live, cohort.Title);
        return pdf is null ? Problem409() : File(pdf, CertificatePdf.ContentType, $"{(IsOutstanding ? "优秀学员证书" : "结业证书")}-{cohort.Title}.pdf");
    }

    private IActionResult Problem409()
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Content(texts["Certificates.NoPublicAddress"], "text/plain; charset=utf-8");
    }

    private static bool TryWhole(string? s, out int? n)
    {
        n = null;
        if (string.IsNullOrWhiteSpace(s)) return true;
        if (!int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return false;
        n = v;
        return true;
    }

    public Task<IActionResult> OnPostRuleAsync() => Manage(async () =>
    {
        if (!TryWhole(MinAttendance, out var pct)) return texts["Certificates.BadNumber", texts["Certificates.MinAttendance"]];
        decimal? score = null;
        if (!string.IsNullOrWhiteSpace(MinScore))
        {
            if (!decimal.TryParse(MinScore.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var s)) return texts["Certificates.BadNumber", texts["Certificates.MinScore"]];
            score = s;
        }
        if (!TryWhole(MinOnline, out var online)) return texts["Certificates.BadNumber", texts["Certificates.MinOnline"]];
        var bad = await store.SaveRuleAsync(HttpContext.Me(), Id, new CertificateRule(pct, NoDepartures, TasksAccepted, score, online));
        return bad is null ? Done(texts["Certificates.RuleSaved"]) : texts.Error(bad);
    });

    public Task<IActionResult> OnPostTemplateAsync() => Manage(async () =>
    {
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(IssueDate))
        {
            if (!DateOnly.TryParseExact(IssueDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return texts["Certificates.BadDate"];
            date = d;
        }
        var t = new CertificateTemplate((Title ?? "").Trim(), (Body ?? "").Replace("\r\n", "\n").Trim(), (Issuer ?? "").Trim(), date,
            (SerialFormat ?? "").Trim(), (Hours ?? "").Trim(), Orientation == "portrait" ? PageOrientation.Portrait : PageOrientation.Landscape);
        var bad = await store.SaveTemplateAsync(HttpContext.Me(), Id, t, Kind);
        return bad is null ? Done(texts["Certificates.TemplateSaved"]) : texts.Error(bad);
    });

    public Task<IActionResult> OnPostSealAsync() => Manage(async () =>
    {
        if (Seal is null || Seal.Length == 0) return texts["Certificates.NoSealFile"];
        if (Seal.Length > 5 * 1024 * 1024) return texts["Certificates.SealTooLarge", 5];
        using var ms = new MemoryStream();
        await Seal.CopyToAsync(ms);
        var bad = await store.SaveSealAsync(HttpContext.Me(), Id, ms.ToArray(), Seal.FileName, Kind);
        return bad is null ? Done(texts["Certificates.SealSaved"]) : bad;
    });

    public Task<IActionResult> OnPostIssueAsync() => Manage(async () =>
    {
        var r = IsOutstanding ? await store.IssueOutstandingAsync(HttpContext.Me(), Id) : await store.IssueAsync(HttpContext.Me(), Id);
        return r.IsOk ? Done(texts["Certificates.Issued", r.Value]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostRevokeAsync() => Manage(async () =>
        await store.RevokeAsync(HttpContext.Me(), Id, Certificate, Reason) is { } bad ? texts.Error(bad) : Done(texts["Certificates.Revoked"]));

    public Task<IActionResult> OnPostReissueAsync() => Manage(async () =>
    {
        var r = await store.ReissueAsync(HttpContext.Me(), Id, Certificate, Reason);
        return r.IsOk ? Done(texts["Certificates.Reissued"]) : texts.Error(r.Error!);
    });
}

using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>WrittenAs: how attachment 1 writes the unit when not by the rule (null: the rule).</summary>
public sealed record QuotaLineDto(long UnitId, string Unit, string? Parent, long DistrictId, string District, string Position, int Places, string? WrittenAs);
public sealed record QuotaGroupDto(string Position, int Places, string Text, IReadOnlyList<QuotaLineDto> Lines);
public sealed record DistrictQuotaDto(long DistrictId, string District, int Places, string? SubmittingUnit, IReadOnlyList<QuotaGroupDto> Groups);
public sealed record SubmitterDto(long ScopeUnitId, string Scope, long SubmitterUnitId, string Submitter);
public sealed record QuotasDto(long CohortId, int TraineePlaces, int Total, bool TotalMatches, string? TotalProblem, DateOnly? ReceiptDeadline,
    IReadOnlyList<DistrictQuotaDto> Districts, IReadOnlyList<SubmitterDto> Submitters);

public sealed record QuotaLineInput(long? UnitId, string? Position, int? Places, string? WrittenAs = null);
public sealed record SubmitterLineInput(long? ScopeUnitId, long? SubmitterUnitId);
public sealed record PutQuotasRequest(List<QuotaLineInput>? Lines, List<SubmitterLineInput>? Submitters, DateOnly? ReceiptDeadline);

public sealed record ReceiptRowInput(string? Unit, string? Name, string? Position, string? Phone, string? Gender, string? IdNumber);
public sealed record ReceiptFormRequest(long? UnitId, List<ReceiptRowInput>? Rows);
/// <summary>
/// A stored receipt: warnings (people another unit named) and its places unit by unit — over them is a warning, the receipt
/// is stored; <c>places.text</c> says it in words (超出名额：… ；未报满：…；未报：…).
/// </summary>
public sealed record ReceiptStoredDto(long ReceiptId, string Scope, int Rows, bool Late, IReadOnlyList<CellError> Warnings, PlacesCheck? Places, long? AttachmentId);
/// <summary>
/// A refused file: its first <see cref="ImportErrors.MaxListed"/> errors, and how many there are in all; for a receipt, the
/// warnings too (people another unit already named), given at once.
/// </summary>
public sealed record ReceiptErrorsDto(string Title, IReadOnlyList<CellError> Errors, int Total, IReadOnlyList<CellError>? Warnings = null)
{
    public static ReceiptErrorsDto Of(string title, IReadOnlyList<CellError> all, IReadOnlyList<CellError>? warnings = null) =>
        new(title, ImportErrors.Listed(all), all.Count, warnings ?? []);
}

public sealed record UnitStatusDto(long UnitId, string Unit, string District, int Places, int Received, string Status, bool Late, string Label);
public sealed record DistrictStatusDto(long DistrictId, string District, int Places, int Received, string Status, bool Late, string Label);
public sealed record PersonDto(string Name, string Unit, string Position, string Phone);
/// <summary>A unit's names in the current receipts (before the lock too), and the receipt file they came in.</summary>
public sealed record SubmittedUnitDto(long UnitId, string Unit, string District, int Places, IReadOnlyList<SubmittedPersonDto> People);
/// <summary>A submitted name, without numbers (those stay in the roster and the named-twice list, by the personal-data rule).</summary>
public sealed record SubmittedPersonDto(string Name, string Position);
public sealed record ReconciliationDto(int Places, int Received, bool Locked, IReadOnlyList<DistrictStatusDto> Districts, IReadOnlyList<UnitStatusDto> Units,
    IReadOnlyList<IReadOnlyList<PersonDto>> NamedTwice, IReadOnlyList<ScopeReceipt> Scopes, IReadOnlyList<Reminder> Reminders,
    IReadOnlyList<SubmittedUnitDto> Submitted, IReadOnlyList<ReceiptHistoryRow> Receipts);

public sealed record RosterEntryDto(long Id, string Name, string? Unit, string? Position, string? Phone, string? Gender, string? Username, bool PhoneMasked);
public sealed record RevealedPhoneDto(long EnrollmentId, string Name, string Phone);
public sealed record RosterDto(bool Locked, int Count, IReadOnlyList<RosterEntryDto> Trainees);
public sealed record SubstituteRequest(string? Name, string? Phone, string? IdNumber, string? Gender, string? Position, string? Reason);
public sealed record ReopenRequest(string? Reason);

/// <summary>/api/v1/cohorts/{id}/…: quotas, notice, receipt templates and receipts, reconciliation, lock and roster.</summary>
public static class EnrollmentApi
{
    public static RouteGroupBuilder MapEnrollmentApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}").WithTags("Enrollment");
        g.MapGet("/quotas", GetQuotas).WithSummary("Places per unit and position, totals per district, submitting units, deadline.");
        g.MapPut("/quotas", PutQuotas).RequireAuthorization(Policies.ManageCohorts).WithSummary("Replaces the quota lines (and, when given, submitters and deadline).");
        g.MapPost("/quotas/import", ImportQuotas).RequireAuthorization(Policies.ManageCohorts).DisableAntiforgery()
            .WithSummary("Replaces the quota lines from .xlsx/.xls/.csv with columns 单位, 职务, 名额. All rows or none.");
        g.MapGet("/notice.docx", Notice).RequireAuthorization(Policies.ManageCohorts).WithSummary("The pre-notice with attachments 1 and 2, as an editable Word document.");
        g.MapGet("/receipt-template.xlsx", Template).WithSummary("The receipt form of one submitting unit, one row per place. Without unitId: the caller's only scope; 400 listing the scopes when it has several.");
        g.MapGet("/receipt-form.xlsx", BlankForm).WithSummary("附件2 参训人员回执: the blank form of the notice, to fill by hand or in Excel.");
        g.MapPost("/receipts", UploadReceipt).DisableAntiforgery().WithSummary("A receipt file (multipart: file, optional unitId). 422 lists every problem as {row, column, message}.");
        g.MapPost("/receipts/form", FormReceipt).WithSummary("A receipt typed in: {unitId, rows: [{unit, name, position, phone, gender?, idNumber?}]}; row numbers count from 1.");
        g.MapGet("/receipts", History).WithSummary("Every receipt, current and replaced, newest first.");
        g.MapGet("/reconciliation", Reconcile).WithSummary("Per unit and district: places, names received, status; people named twice; reminders.");
        g.MapGet("/reconciliation.xlsx", ReconcileXlsx);
        g.MapGet("/lock-check", LockConcerns).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("What locking now would override: districts and units missing or short, a deadline not yet passed. Empty: nothing to ask.");
        g.MapPost("/lock", Lock).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Locks the roster: receipts become the roster and trainees get accounts. Ask /lock-check first: this does not ask. 409 (code Roster.NamedTwice, namedTwice) while people are named by two units, unless ?mergeNamedTwice=true (one entry each).");
        g.MapPost("/unlock", Unlock).RequireAuthorization(Policies.ManageCohorts).WithSummary("Reopens receipts after a lock.");
        g.MapGet("/roster", Roster).WithSummary("The trainees; phone numbers (and phone-number user names) in full for organizers, for a unit contact those its unit submitted, masked for everyone else.");
        g.MapGet("/roster.xlsx", RosterXlsx);
        g.MapPost("/roster/{enrollmentId:long}/phone", RevealPhone)
            .WithSummary("One trainee's phone number in full, for a head teacher who must call them; audited, at most Security:PhoneRevealsPerHour (30) an hour.");
        g.MapPost("/roster/{enrollmentId:long}/substitute", Substitute).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("替换 after the lock: who replaces whom and why; recorded with who and when.");
        g.MapGet("/substitutions", Substitutions).RequireAuthorization(Policies.ManageCohorts);
        return api;
    }

    public static string StatusLabel(ReceiptStatus s, bool late) => (s switch
    {
        ReceiptStatus.Complete => "已报满",
        ReceiptStatus.Short => "未报满",
        ReceiptStatus.Over => "超出名额",
        _ => "未报",
    }) + (late ? "（逾期）" : "");

    private static string Code(ReceiptStatus s) => s.ToString().ToLowerInvariant();

    internal static QuotasDto ToDto(QuotaSet q, DateOnly? deadline, Func<long, bool>? visible = null)
    {
        visible ??= _ => true;
        var lines = q.Lines.Where(l => visible(l.UnitId)).ToList();
        var districts = QuotaPlan.ByDistrict(lines).Select(d => new DistrictQuotaDto(d.DistrictId, d.DistrictName, d.Places,
            q.SubmitterName(q.ScopeOf(d.Groups[0].Lines[0].UnitId)),
            d.Groups.Select((gr, i) => new QuotaGroupDto(gr.Position, gr.Places, QuotaPlan.GroupText(i + 1, gr),
                gr.Lines.Select(l => new QuotaLineDto(l.UnitId, l.UnitName, l.ParentName, l.DistrictId, l.DistrictName, l.Position, l.Places, l.WrittenAs)).ToList())).ToList())).ToList();
        var problem = QuotaPlan.CheckTotal(q.Lines, q.TraineePlaces);
        return new QuotasDto(q.CohortId, q.TraineePlaces, lines.Sum(l => l.Places), problem is null,
            problem is null ? null : Texts.Of("Error." + problem.Code, problem.Args), deadline, districts,
            q.SubmitterByScope.Where(s => visible(s.Key)).Select(s => new SubmitterDto(s.Key, q.Tree.Find(s.Key)!.Name, s.Value, q.Tree.Find(s.Value)!.Name)).ToList());
    }

    private static async Task<Results<Ok<QuotasDto>, ProblemHttpResult>> GetQuotas(long id, HttpContext http, CohortStore cohorts, QuotaStore quotas)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        var q = await quotas.LoadAsync(id);
        return TypedResults.Ok(ToDto(q, cohort.ReceiptDeadline, u => UnitStore.CanSee(q.Tree, me, u) || me.IsStaff));
    }

    private static async Task<Results<Ok<QuotasDto>, ValidationProblem, ProblemHttpResult>> PutQuotas(
        long id, PutQuotasRequest body, HttpContext http, CohortStore cohorts, QuotaStore quotas)
    {
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        if (body.Lines is null) return Problems.Invalid("lines", Texts.Of("Problem.Required"));
        var lines = body.Lines.Select(l => new QuotaInput(l.UnitId ?? 0, l.Position ?? "", l.Places ?? -1, l.WrittenAs)).ToList();
        var submitters = body.Submitters?.Select(s => new SubmitterInput(s.ScopeUnitId ?? 0, s.SubmitterUnitId ?? 0)).ToList();
        var tree = (await quotas.LoadAsync(id)).Tree;
        var errors = QuotaStore.Validate(tree, lines, submitters ?? []);
        if (errors.Count > 0) return Problems.Invalid(errors);
        await quotas.ReplaceAsync(id, lines, submitters, body.ReceiptDeadline, setDeadline: body.ReceiptDeadline is not null);
        var cohort = await cohorts.FindAsync(id);
        return TypedResults.Ok(ToDto(await quotas.LoadAsync(id), cohort!.ReceiptDeadline));
    }

    private static async Task<Results<Ok<QuotasDto>, UnprocessableEntity<ReceiptErrorsDto>, ValidationProblem, ProblemHttpResult>> ImportQuotas(
        long id, IFormFile? file, HttpContext http, CohortStore cohorts, QuotaStore quotas, SheetUpload sheets)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (file is null) return Problems.Invalid("file", Texts.Of("Problem.FileRequired"));
        var q = await quotas.LoadAsync(id);
        List<SheetRow> rows;
        await using (var s = file.OpenReadStream())
        {
            (rows, var unreadable) = sheets.Read(s, file.FileName);
            if (unreadable is not null) return TypedResults.UnprocessableEntity(ReceiptErrorsDto.Of(Texts.Of("Quotas.Import.Failed"), [unreadable]));
        }
        var (lines, errors) = QuotaStore.ParseImport(q.Tree, rows);
        if (errors.Count > 0) return TypedResults.UnprocessableEntity(ReceiptErrorsDto.Of(Texts.Of("Quotas.Import.Unchanged"), errors));
        await quotas.ReplaceAsync(id, lines, null, null, setDeadline: false);
        return TypedResults.Ok(ToDto(await quotas.LoadAsync(id), cohort.ReceiptDeadline));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Notice(long id, HttpContext http, CohortStore cohorts, QuotaStore quotas)
    {
        if (await cohorts.OverviewAsync(http.Me(), id) is not { } o) return Problems.NotFound();
        var bytes = NoticeDocument.Build(o, await quotas.LoadAsync(id));
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{o.Cohort.Title}（预通知）.docx");
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Template(long id, long? unitId, HttpContext http, CohortStore cohorts, QuotaStore quotas)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        var q = await quotas.LoadAsync(id);
        if (unitId is null && ReceiptService.ScopesFor(me, q) is { Count: > 0 } mine)
        {
            // One scope: that one. Several: which one is the caller's choice, never a guess from its own unit.
            if (mine.Count > 1)
                return Problems.Invalid("unitId", Texts.Of("Receipts.PickScope", string.Join("、", mine.Select(x => $"{q.Tree.Find(x)!.Name}（unitId={x}）"))));
            unitId = mine[0];
        }
        var (scope, problem) = ReceiptService.ScopeFor(me, q, unitId);
        if (scope is not { } s) return problem is null ? Problems.NotFound() : TypedResults.Problem(statusCode: 403, title: problem);
        var name = q.SubmitterName(s) ?? q.Tree.Find(s)!.Name;
        var bytes = EnrollmentSheets.ReceiptTemplate(cohort.Title, name, cohort.ReceiptDeadline, q, s);
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"参训人员回执（{name}）.xlsx");
    }

    /// <summary>附件2: the notice's receipt form, blank; staff and unit contacts of a class they see.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> BlankForm(long id, HttpContext http, CohortStore cohorts)
    {
        var me = http.Me();
        if (await cohorts.FindVisibleAsync(me, id) is not { } cohort || (me.IsIn(Domain.Accounts.Role.Trainee) && !me.IsStaff)) return Problems.NotFound();
        return TypedResults.File(EnrollmentSheets.BlankReceiptForm(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"附件2 参训人员回执（{cohort.Title}）.xlsx");
    }

    internal static IResult Answer(SubmitResult r) => r.Outcome switch
    {
        SubmitOutcome.Stored => TypedResults.Ok(new ReceiptStoredDto(r.ReceiptId!.Value, r.ScopeName!, r.Rows, r.Late, r.Warnings ?? [], r.Places, r.AttachmentId)),
        SubmitOutcome.Invalid => TypedResults.UnprocessableEntity(ReceiptErrorsDto.Of(r.Message!, r.Errors!, r.Warnings)),
        SubmitOutcome.Locked => TypedResults.Problem(statusCode: 409, title: r.Message),
        SubmitOutcome.NotAllowed => TypedResults.Problem(statusCode: 403, title: r.Message),
        _ => Problems.NotFound(),
    };

    private static async Task<IResult> UploadReceipt(long id, IFormFile? file, [FromForm] long? unitId, HttpContext http, ReceiptService receipts, SheetUpload sheets)
    {
        if (file is null) return Problems.Invalid("file", Texts.Of("Problem.FileRequired"));
        return Answer(await receipts.SubmitFileAsync(http.Me(), id, unitId, file, sheets));
    }

    private static async Task<IResult> FormReceipt(long id, ReceiptFormRequest body, HttpContext http, ReceiptService receipts)
    {
        if (body.Rows is null || body.Rows.Count == 0) return Problems.Invalid("rows", Texts.Of("Problem.AtLeastOneRow"));
        var rows = body.Rows.Select((r, i) => new Domain.Enrollment.ReceiptInputRow(i + 1, r.Unit ?? "", r.Name ?? "", r.Position ?? "", r.Phone ?? "", r.Gender, r.IdNumber)).ToList();
        return Answer(await receipts.SubmitAsync(http.Me(), id, body.UnitId, rows, "form", null));
    }

    private static async Task<Results<Ok<IReadOnlyList<ReceiptHistoryRow>>, ProblemHttpResult>> History(long id, HttpContext http, CohortStore cohorts, QuotaStore quotas, ReceiptService receipts)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is null || (me.IsIn(Domain.Accounts.Role.Trainee) && !me.IsStaff)) return Problems.NotFound();
        return TypedResults.Ok(await receipts.HistoryAsync(me, id, (await quotas.LoadAsync(id)).Tree));
    }

    private static ReconciliationDto ToDto(ReconciliationView v) => new(
        v.Report.Places, v.Report.Received, v.Locked,
        v.Report.Districts.Select(d => new DistrictStatusDto(d.DistrictId, d.DistrictName, d.Places, d.Received, Code(d.Status), d.Late, StatusLabel(d.Status, d.Late))).ToList(),
        v.Report.Units.Select(u => new UnitStatusDto(u.UnitId, u.UnitName, u.DistrictName, u.Places, u.Received, Code(u.Status), u.Late, StatusLabel(u.Status, u.Late))).ToList(),
        v.Report.NamedTwice.Select(t => (IReadOnlyList<PersonDto>)t.People.Select(p => new PersonDto(p.Name, p.UnitName, p.Position, p.Phone)).ToList()).ToList(),
        v.Report.Scopes, v.Reminders,
        v.Report.Units.Where(u => u.Received > 0 || v.People.Any(p => p.UnitId == u.UnitId))
            .Select(u => new SubmittedUnitDto(u.UnitId, u.UnitName, u.DistrictName, u.Places,
                v.People.Where(p => p.UnitId == u.UnitId).Select(p => new SubmittedPersonDto(p.Name, p.Position)).ToList())).ToList(),
        v.Receipts.Where(r => r.IsCurrent).ToList());

    private static async Task<Results<Ok<ReconciliationDto>, ProblemHttpResult>> Reconcile(long id, HttpContext http, ReconciliationService rec)
    {
        var v = await rec.BuildAsync(http.Me(), id);
        return v is null ? Problems.NotFound() : TypedResults.Ok(ToDto(v));
    }

    public sealed record LockConcernDto(string Code, string Message);
    public sealed record LockCheckDto(bool Locked, IReadOnlyList<LockConcernDto> Concerns);

    private static async Task<Results<Ok<LockCheckDto>, ProblemHttpResult>> LockConcerns(long id, HttpContext http, ReconciliationService rec, Texts texts, TimeProvider clock)
    {
        if (await rec.BuildAsync(http.Me(), id) is not { } v) return Problems.NotFound();
        return TypedResults.Ok(new LockCheckDto(v.Locked, ReconciliationModel.ConcernsOf(v, clock.GetUtcNow())
            .Select(e => new LockConcernDto(e.Code, texts.Error(e))).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReconcileXlsx(long id, HttpContext http, ReconciliationService rec)
    {
        var v = await rec.BuildAsync(http.Me(), id);
        if (v is null) return Problems.NotFound();
        return TypedResults.File(EnrollmentSheets.Reconciliation(v.Report, StatusLabel), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"回执核对（{v.Cohort.Title}）.xlsx");
    }

    private static async Task<Results<Ok<RosterDto>, ProblemHttpResult>> Lock(long id, bool? mergeNamedTwice, HttpContext http, CohortStore cohorts,
        RosterService roster, QuotaStore quotas, Texts texts)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        if (await roster.LockAsync(id, me.Id, mergeNamedTwice: mergeNamedTwice == true) == LockOutcome.NamedTwice)
        {
            var tree = (await quotas.LoadAsync(id)).Tree;
            var twice = (await roster.NamedTwiceAsync(id)).Select(g => g.Select(r => new PersonDto(r.Name, tree.Find(r.UnitId)?.Name ?? "", r.Position, r.Phone)).ToList()).ToList();
            return TypedResults.Problem(statusCode: 409, title: texts["Rec.LockNamedTwice", twice.Count],
                extensions: new Dictionary<string, object?> { ["code"] = "Roster.NamedTwice", ["namedTwice"] = twice });
        }
        var list = await roster.VisibleAsync(me, id);
        return TypedResults.Ok(new RosterDto(true, list!.Count, list.Select(ToDto).ToList()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unlock(long id, ReopenRequest? body, HttpContext http, CohortStore cohorts, RosterService roster)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        await roster.UnlockAsync(id, me.Id, body?.Reason);
        return TypedResults.NoContent();
    }

    private static RosterEntryDto ToDto(RosterEntry e) => new(e.Id, e.Name, e.UnitName, e.Position, e.Phone, e.Gender, e.Username, e.PhoneMasked);

    internal static int RevealsPerHour(IConfiguration config) => config.GetValue("Security:PhoneRevealsPerHour", 30);

    private static async Task<Results<Ok<RevealedPhoneDto>, ProblemHttpResult>> RevealPhone(long id, long enrollmentId, HttpContext http,
        Db db, CohortStore cohorts, TimeProvider clock, IConfiguration config, Texts texts)
    {
        var perHour = RevealsPerHour(config);
        var r = await RosterPersonalData.RevealAsync(db, cohorts, clock, http.Me(), id, enrollmentId, perHour);
        return r.Outcome switch
        {
            RevealOutcome.Revealed => TypedResults.Ok(new RevealedPhoneDto(enrollmentId, r.Name!, r.Phone!)),
            RevealOutcome.Forbidden => TypedResults.Problem(statusCode: 403, title: texts["PersonalData.RevealForbidden"]),
            RevealOutcome.TooMany => TypedResults.Problem(statusCode: 429, title: texts["PersonalData.TooManyReveals", perHour]),
            _ => Problems.NotFound(),
        };
    }

    private static async Task<Results<Ok<RosterDto>, ProblemHttpResult>> Roster(long id, HttpContext http, CohortStore cohorts, RosterService roster, TimeProvider clock)
    {
        var me = http.Me();
        var list = await roster.VisibleAsync(me, id);
        if (list is null) return Problems.NotFound();
        var cohort = await cohorts.FindAsync(id);
        return TypedResults.Ok(new RosterDto(cohort!.IsRosterLocked(clock.GetUtcNow()), list.Count, list.Select(ToDto).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RosterXlsx(long id, HttpContext http, RosterService roster, CohortStore cohorts, UnitStore units)
    {
        var list = await roster.VisibleAsync(http.Me(), id);
        if (list is null) return Problems.NotFound();
        var cohort = await cohorts.FindAsync(id);
        return TypedResults.File(EnrollmentSheets.Roster(cohort!.Title, list, await units.TreeAsync()), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"参训名单（{cohort!.Title}）.xlsx");
    }

    private static async Task<Results<Ok<RosterEntryDto>, ValidationProblem, ProblemHttpResult>> Substitute(
        long id, long enrollmentId, SubstituteRequest body, HttpContext http, CohortStore cohorts, RosterService roster)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        var v = new Validation().Require("name", body.Name).Require("phone", body.Phone).Require("reason", body.Reason);
        if (!v.Ok) return v.Problem();
        var (newId, problem) = await roster.SubstituteAsync(id, enrollmentId,
            new NewPerson(body.Name!, body.Phone!, body.IdNumber, body.Gender, body.Position), body.Reason!, me.Id);
        if (problem == "NotFound") return Problems.NotFound();
        if (problem is not null) return TypedResults.Problem(statusCode: 422, title: problem);
        var entry = (await roster.VisibleAsync(me, id))!.First(e => e.Id == newId);
        return TypedResults.Ok(ToDto(entry));
    }

    private static async Task<Results<Ok<IReadOnlyList<SubstitutionRow>>, ProblemHttpResult>> Substitutions(long id, HttpContext http, CohortStore cohorts, RosterService roster)
    {
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        return TypedResults.Ok(await roster.SubstitutionsAsync(id));
    }
}

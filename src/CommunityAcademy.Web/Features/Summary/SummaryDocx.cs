using System.Globalization;
using CommunityAcademy.Domain.Documents;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Summary;

/// <summary>
/// 培训总结 as an editable .docx in the official layout (<see cref="OfficialDocx"/>, as the notice and the bulletin): the
/// sections in order, numbered 一、二、… over those that have something to say (a class without online items, outstanding
/// trainees, certificates, answered surveys, chosen entries or a closing text has no such section). Survey charts are PNGs
/// drawn by <see cref="SummaryChart"/>, each followed by its figures as a table. Whatever users typed is written as text.
/// </summary>
public static class SummaryDocx
{
    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
    private static readonly int[] UnitColumns = [5645, 3000];
    private static readonly int[] TypeColumns = [4245, 2200, 2200];
    private static readonly int[] AttendanceColumns = [2745, 800, 1250, 850, 850, 850, 1300]; // as the bulletin's
    private static readonly int[] OnlineColumns = [4045, 1500, 1500, 1600];
    private static readonly int[] OutstandingColumns = [1000, 2200, 5445];
    private static readonly int[] CountColumns = [5045, 1800, 1800];
    private static readonly int[] MatrixColumns = [3645, 1250, 1250, 1250, 1250];
    private static readonly int[] TermColumns = [5645, 3000];
    public const int TermsShown = 20;

    private static string T(string key, params object[] args) => Texts.Of(key, args);
    public static string Hours(decimal h) => h.ToString("0.#", CultureInfo.InvariantCulture);
    private static string Mean(decimal? m) => m is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    public static byte[] Write(SummaryFigures f, DateOnly today)
    {
        var c = f.Cohort;
        var doc = new OfficialDocx();
        var title = T("Summary.Doc.Title", c.Title);
        doc.Properties(title, c.Issuer);
        var at = title.IndexOf(c.Title, StringComparison.Ordinal); // the class title meets the words around it: a boundary, as the bulletin's
        foreach (var line in TitleLines.Break(title, TitleLines.DefaultMaxChars, at < 0 ? [] : [at, at + c.Title.Length])) doc.Title(line);
        doc.Blank();
        var n = 0;
        string Heading(string key) => Numerals[Math.Min(n++, Numerals.Length - 1)] + "、" + T(key);

        // 基本情况: dates, venue, trainees, sessions and 学时
        doc.Heading1(Heading("Summary.Doc.H.Basics"));
        doc.Body(T("Summary.Doc.Basics", c.Title, NoticeDocument.DateRange(c.StartDate, c.EndDate),
            string.IsNullOrWhiteSpace(c.Venue) ? T("Summary.Doc.NoVenue") : c.Venue!, f.Attendance.Trainees, f.TotalSessions, Hours(f.TotalHours)));

        // 参训学员: by district and unit (the statistics' units, rolled up the tree)
        var unitRows = f.Attendance.Units.Where(u => u.Trainees > 0).ToList();
        if (unitRows.Count > 0)
        {
            doc.Heading1(Heading("Summary.Doc.H.Trainees"));
            var districts = unitRows.Where(u => u.Depth == 1).ToList();
            if (districts.Count > 0)
                doc.Body(T("Summary.Doc.Trainees", f.Attendance.Trainees, string.Join("、", districts.Select(d => T("Summary.Doc.DistrictN", d.Name, d.Trainees)))));
            doc.Table([T("Summary.Col.Unit"), T("Summary.Col.Trainees")],
                unitRows.Select(u => (IReadOnlyList<string>)[Indent(u.Depth) + u.Name, u.Trainees.ToString(CultureInfo.InvariantCulture)]).ToList(), UnitColumns);
        }

        // 课程安排: sessions by type with 学时
        if (f.SessionTypes.Count > 0)
        {
            doc.Heading1(Heading("Summary.Doc.H.Sessions"));
            doc.Body(T("Summary.Doc.Sessions", f.TotalSessions, Hours(f.TotalHours)));
            var rows = f.SessionTypes.Select(t => (IReadOnlyList<string>)[t.Type, t.Sessions.ToString(CultureInfo.InvariantCulture), Hours(t.Hours)]).ToList();
            rows.Add([T("Summary.Col.Total"), f.TotalSessions.ToString(CultureInfo.InvariantCulture), Hours(f.TotalHours)]);
            doc.Table([T("Summary.Col.Type"), T("Summary.Col.Sessions"), T("Summary.Col.Hours")], rows, TypeColumns);
        }

        // 出勤与纪律: the statistics' figures (as the bulletin)
        doc.Heading1(Heading("Summary.Doc.H.Attendance"));
        var a = f.Attendance;
        doc.Body(a.Counted == 0 ? T("Summary.Doc.Attendance.None", a.Trainees) : T("Summary.Doc.Attendance", a.Trainees, a.Counted, a.Attended, AttendanceReports.Percent(a.Rate)));
        if (a.Counted > 0 && unitRows.Count > 0)
            doc.Table([T("Summary.Col.Unit"), T("Summary.Col.Trainees"), T("Summary.Col.Rate"), T("Bulletin.Kind.late"), T("Bulletin.Kind.early_leave"),
                    T("Bulletin.Kind.absent"), T("Bulletin.Kind.left_without_permission")],
                unitRows.Select(u => (IReadOnlyList<string>)[Indent(u.Depth) + u.Name, u.Trainees.ToString(CultureInfo.InvariantCulture),
                    u.Counted == 0 ? T("Bulletin.Rate.None") : AttendanceReports.Percent(u.Rate), u.Lates.ToString(CultureInfo.InvariantCulture),
                    u.EarlyLeaves.ToString(CultureInfo.InvariantCulture), u.Absences.ToString(CultureInfo.InvariantCulture),
                    u.Departures.ToString(CultureInfo.InvariantCulture)]).ToList(), AttendanceColumns);

        // 线上学习: only when the class has online items
        if (f.Online.Count > 0)
        {
            doc.Heading1(Heading("Summary.Doc.H.Online"));
            doc.Body(T("Summary.Doc.Online", f.Online.Count, f.OnlineTrainees, f.OnlineAllDone));
            doc.Table([T("Summary.Col.Item"), T("Summary.Col.Kind"), T("Summary.Col.Completed"), T("Summary.Col.Rate")],
                f.Online.Select(o => (IReadOnlyList<string>)[o.Title, T("Summary.OnlineKind." + o.Kind), $"{o.Completed}/{o.Trainees}",
                    SummaryChart.Share(o.Completed, o.Trainees)]).ToList(), OnlineColumns);
        }

        // 优秀学员 and 结业证书: only what exists (a confirmed list, certificates in force)
        if (f.Outstanding.Count > 0 || f.CompletionCertificates > 0 || f.OutstandingCertificates > 0)
        {
            doc.Heading1(Heading("Summary.Doc.H.Outcomes"));
            if (f.CompletionCertificates > 0) doc.Body(T("Summary.Doc.Certificates", f.CompletionCertificates));
            if (f.Outstanding.Count > 0)
            {
                doc.Body(T("Summary.Doc.Outstanding", f.Outstanding.Count));
                doc.Table([T("Summary.Col.Number"), T("Summary.Col.Name"), T("Summary.Col.Unit")],
                    f.Outstanding.Select(p => (IReadOnlyList<string>)[p.Position.ToString(CultureInfo.InvariantCulture), p.Name, p.Unit ?? ""]).ToList(), OutstandingColumns);
            }
            if (f.OutstandingCertificates > 0) doc.Body(T("Summary.Doc.OutstandingCertificates", f.OutstandingCertificates));
        }

        // 问卷调查: each answered survey, a chart and its table per question
        if (f.Surveys.Count > 0)
        {
            doc.Heading1(Heading("Summary.Doc.H.Surveys"));
            var figure = 0;
            for (var i = 0; i < f.Surveys.Count; i++)
            {
                var r = f.Surveys[i];
                doc.Heading2($"（{Numerals[Math.Min(i, Numerals.Length - 1)]}）", r.Survey.Title);
                doc.Body(T("Summary.Doc.SurveyAnswers", r.Answers,
                    string.Join("、", r.ByAudience.Where(x => x.Value > 0).Select(x => T("Summary.Doc.AudienceN", T("Surveys.Audience." + SurveyRules.Word(x.Key)), x.Value)))));
                foreach (var q in r.Questions) figure = Question(doc, r, q, figure);
            }
        }

        // 学员日志选登
        if (f.Logs.Count > 0)
        {
            doc.Heading1(Heading("Summary.Doc.H.Logs"));
            foreach (var e in f.Logs)
            {
                doc.Heading2(T("Summary.Doc.LogBy", e.TraineeName, e.UnitName ?? "", T("Bulletin.Date", e.Day.Month, e.Day.Day)));
                foreach (var p in Paragraphs(e.Body)) doc.Body(p);
            }
        }

        // 结语与下一步工作: the organizer's text as typed
        var closing = Paragraphs(f.Draft.Closing).ToList();
        if (closing.Count > 0)
        {
            doc.Heading1(Heading("Summary.Doc.H.Closing"));
            foreach (var p in closing) doc.Body(p);
        }
        doc.Signature(c.Issuer ?? T("Bulletin.DefaultIssuer"), today);
        return doc.ToBytes();
    }

    /// <summary>One question's figures: a chart and its counts for choices and ratings, the session matrix as a table, the frequent words of texts.</summary>
    private static int Question(OfficialDocx doc, SurveyResult r, QuestionResult q, int figure)
    {
        if (q.Tally is { } tally && tally.Total > 0)
        {
            var labels = tally.Counts.Select(x => SurveyExport.Label(q.Question, x.Value)).ToList();
            var counts = tally.Counts.Select(x => x.Count).ToList();
            var (png, w, h) = SummaryChart.Bars(q.Question.Title, labels, counts);
            figure++;
            doc.Body(T("Summary.Doc.Question", q.Question.Title, q.Respondents));
            doc.Image(png, true, w, h, $"chart{figure}.png");
            doc.Body(T("Summary.Doc.Figure", figure, q.Question.Title), indent: false);
            var rows = labels.Select((l, i) => (IReadOnlyList<string>)[l, counts[i].ToString(CultureInfo.InvariantCulture), SummaryChart.Share(counts[i], tally.Total)]).ToList();
            if (q.Question.Scale is not null) rows.Add([T("Surveys.Mean"), Mean(tally.Mean), ""]);
            doc.Table([T("Surveys.Value"), T("Surveys.Count"), T("Summary.Col.Share")], rows, CountColumns);
        }
        else if (q.Question.Kind == QuestionKind.SessionMatrix && r.Sessions.Any(s => s.Raters > 0))
        {
            doc.Body(T("Summary.Doc.Matrix", q.Question.Title));
            doc.Table([T("Surveys.Session"), .. SessionAspects.All.Select(x => T("Surveys.Aspect." + x)), T("Surveys.Raters")],
                r.Sessions.Where(s => s.Raters > 0).Select(s => (IReadOnlyList<string>)[s.Title, .. SessionAspects.All.Select(x => Mean(s.Means[x])),
                    s.Raters.ToString(CultureInfo.InvariantCulture)]).ToList(), MatrixColumns);
        }
        else if (q.Question.Kind == QuestionKind.Text && q.Terms.Count > 0)
        {
            doc.Body(T("Summary.Doc.Terms", q.Question.Title, q.Respondents));
            doc.Table([T("Summary.Col.Term"), T("Summary.Col.Answers")],
                q.Terms.Take(TermsShown).Select(t => (IReadOnlyList<string>)[t.Term, t.Answers.ToString(CultureInfo.InvariantCulture)]).ToList(), TermColumns);
        }
        return figure;
    }

    private static string Indent(int depth) => new('　', Math.Max(0, depth));

    /// <summary>The non-empty lines of a typed text, each a paragraph, kept as typed.</summary>
    public static IEnumerable<string> Paragraphs(string? text) =>
        (text ?? "").Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Timetable;

public sealed record TimetableImportResult(int Created, int Existing, IReadOnlyList<CellError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Imports sessions of one class from .xlsx/.xls/.csv. The printed table pastes as it is: a day column
/// (日期 or 第一天; blank under a merged cell means "same day"), 时间 "08:30-11:30" (or 开始 and 结束),
/// 课程安排 and 授课专家; optional 类型, 工作坊形式, 关联专家 (names in the instructor list), 地点, 教学点,
/// 场景, 学时, 签到, 直播链接, 案例材料. All or nothing: one bad row and nothing is imported, and every bad
/// row is reported. Sessions already in the timetable (same day, times and title) are skipped, so the same
/// file can be imported twice.
/// </summary>
public sealed partial class TimetableImport(Db db, SessionStore sessions, Texts texts, SheetUpload upload)
{
    private static readonly Dictionary<string, string[]> Headers = new()
    {
        ["date"] = ["日期", "天次", "第几天", "date", "day"],
        ["time"] = ["时间", "时段", "time"],
        ["start"] = ["开始", "开始时间", "start"],
        ["end"] = ["结束", "结束时间", "end"],
        ["title"] = ["课程安排", "课程", "课程名称", "课程内容", "内容", "标题", "title"],
        ["type"] = ["类型", "课程类型", "形式", "type"],
        ["method"] = ["工作坊形式", "方法", "method"],
        ["label"] = ["授课专家", "授课老师", "授课人", "主讲", "instructors"],
        ["people"] = ["关联专家", "专家库", "instructor names"],
        ["venue"] = ["地点", "场地", "上课地点", "venue"],
        ["point"] = ["教学点", "teaching point"],
        ["scene"] = ["场景", "实景", "scene"],
        ["hours"] = ["学时", "study hours"],
        ["signin"] = ["签到", "需签到", "sign-in"],
        ["link"] = ["直播链接", "链接", "link"],
        ["material"] = ["案例材料", "材料", "material"],
    };

    // Where a draft's field is reported in the sheet.
    private static readonly Dictionary<string, string> FieldColumn = new()
    {
        ["date"] = "date", ["start"] = "start", ["end"] = "end", ["pastMidnight"] = "end", ["timeZone"] = "date", ["title"] = "title",
        ["type"] = "type", ["method"] = "method", ["instructors"] = "label", ["venue"] = "venue", ["teachingPointId"] = "point",
        ["sceneId"] = "scene", ["studyHours"] = "hours", ["onlineLink"] = "link", ["material"] = "material",
    };

    public async Task<TimetableImportResult> ImportAsync(CohortRow cohort, Stream file, string fileName)
    {
        var (rows, unreadable) = upload.Read(file, fileName);
        if (unreadable is not null) return Fail(unreadable);

        var found = SpreadsheetReader.FindHeader(rows, Headers, ["title"]);
        if (found is not { } h || !(h.Columns.ContainsKey("time") || h.Columns.ContainsKey("start") && h.Columns.ContainsKey("end")))
            return Fail(new CellError(rows.FirstOrDefault()?.Number ?? 1, null, "找不到表头：需要“课程安排”列，以及“时间”列（或“开始”“结束”两列）。"));
        var header = rows[h.HeaderIndex];
        var cols = h.Columns;
        // The printed table has no heading over its day column: take the blank column before 时间.
        if (!cols.ContainsKey("date") && cols.TryGetValue("time", out var tc) && tc > 0 && string.IsNullOrWhiteSpace(header[tc - 1]))
            cols["date"] = tc - 1;
        if (!cols.ContainsKey("date"))
            return Fail(new CellError(header.Number, null, "找不到日期列：需要“日期”列（如 2023-06-07 或 第一天）。"));
        string name(string key) => cols.TryGetValue(key, out var i) && !string.IsNullOrWhiteSpace(header[i]) ? header[i].Trim()
            : key switch { "date" => "日期", "start" or "end" when !cols.ContainsKey(key) => "时间", _ => Headers[key][0] };
        string cell(SheetRow r, string key) => cols.TryGetValue(key, out var i) ? r[i].Trim() : "";

        var catalog = await sessions.CatalogAsync();
        var existing = (await sessions.TimetableAsync(cohort, withWarnings: false)).Sessions
            .Select(s => Key(s.Row.SessionDate, s.Row.StartTime, s.Row.EndTime, s.Row.Title)).ToHashSet();
        var errors = new List<CellError>();
        var plan = new List<SessionData>();
        var seen = new Dictionary<string, int>();
        var skipped = 0;
        DateOnly? lastDate = null;

        foreach (var row in rows.Skip(h.HeaderIndex + 1))
        {
            if (row.IsBlank) continue;
            var before = errors.Count;
            void bad(string key, string message) => errors.Add(new CellError(row.Number, name(key), message));

            var dateText = cell(row, "date");
            DateOnly? date = null;
            if (dateText.Length == 0)
            {
                if (lastDate is null) bad("date", "日期为空（第一行课程须写明日期）。");
                date = lastDate;
            }
            else if (ParseDate(dateText, cohort) is { } d) date = d;
            else bad("date", $"无法识别的日期“{dateText}”，请写成 2023-06-07、6月7日 或 第一天。");

            string? start, end;
            var pastMidnight = false;
            if (cols.ContainsKey("start") && cols.ContainsKey("end"))
            {
                start = ParseTime(cell(row, "start"));
                var e = cell(row, "end");
                pastMidnight = e.StartsWith("次日");
                end = ParseTime(pastMidnight ? e[2..] : e);
                if (start is null) bad("start", $"无法识别的开始时间“{cell(row, "start")}”，请写成 08:30。");
                if (end is null) bad("end", $"无法识别的结束时间“{e}”，请写成 11:30。");
            }
            else
            {
                var span = SplitSpan(cell(row, "time"));
                (start, end, pastMidnight) = span is { } sp ? (sp.Start, sp.End, sp.PastMidnight) : (null, null, false);
                if (span is null) bad("time", $"无法识别的时间“{cell(row, "time")}”，请写成 08:30-11:30（跨零点写 19:00-次日00:30）。");
            }

            var typeText = cell(row, "type");
            var title = cell(row, "title");
            if (typeText.Length == 0) typeText = GuessType(title, catalog);

            var label = cell(row, "label");
            var instructorIds = new List<long>();
            var teamIds = new List<long>();
            foreach (var person in SplitNames(cell(row, "people")))
            {
                var matches = catalog.Instructors.Where(i => i.Name == person).ToList();
                var teams = catalog.Teams.Where(t => t.Name == person).ToList();
                if (matches.Count == 1) instructorIds.Add(matches[0].Id);
                else if (matches.Count == 0 && teams.Count == 1) teamIds.Add(teams[0].Id);
                else if (matches.Count > 1) bad("people", $"专家库中有多位“{person}”，请在页面上选择。");
                else bad("people", $"找不到授课专家“{person}”，请先在专家库中添加。");
            }
            if (cell(row, "people").Length == 0 && LinkFromLabel(label, catalog) is { } linked)
                (instructorIds, teamIds) = linked; // "陈伟东等" names someone the list knows

            long? pointId = null, sceneId = null;
            var pointText = cell(row, "point");
            if (pointText.Length > 0)
            {
                var p = catalog.TeachingPoints.FirstOrDefault(t => t.Name == pointText);
                if (p is null) bad("point", $"找不到教学点“{pointText}”，请先添加教学点。");
                else pointId = p.Id;
            }
            var sceneText = cell(row, "scene");
            if (sceneText.Length > 0)
            {
                var candidates = catalog.Scenes.Where(s => s.Name == sceneText && (pointId is null || s.TeachingPointId == pointId)).ToList();
                if (candidates.Count == 1) sceneId = candidates[0].Id;
                else if (candidates.Count == 0) bad("scene", pointId is null ? $"找不到场景“{sceneText}”。" : $"教学点“{pointText}”没有场景“{sceneText}”。");
                else bad("scene", $"多个教学点都有场景“{sceneText}”，请填写教学点。");
            }

            decimal? hours = null;
            var hoursText = cell(row, "hours");
            if (hoursText.Length > 0)
            {
                if (decimal.TryParse(hoursText, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) hours = v;
                else bad("hours", $"学时“{hoursText}”不是数字。");
            }
            bool? signIn = null;
            var signText = cell(row, "signin");
            if (signText.Length > 0)
            {
                signIn = signText.ToLowerInvariant() switch { "是" or "需要" or "y" or "yes" or "true" or "1" => true, "否" or "不需要" or "n" or "no" or "false" or "0" => false, _ => null };
                if (signIn is null) bad("signin", $"签到列请填“是”或“否”，而不是“{signText}”。");
            }
            if (errors.Count > before) { if (date is not null) lastDate = date; continue; }

            var draft = new SessionDraft
            {
                Date = date!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Start = start, End = end, PastMidnight = pastMidnight,
                Title = title, Type = typeText, Method = NullIfEmpty(cell(row, "method")), Instructors = label,
                InstructorIds = instructorIds, TeamIds = teamIds, Venue = NullIfEmpty(cell(row, "venue")), TeachingPointId = pointId,
                SceneId = sceneId, StudyHours = hours, SignInRequired = signIn, OnlineLink = NullIfEmpty(cell(row, "link")),
                Material = NullIfEmpty(cell(row, "material")),
            };
            lastDate = date;
            var r = SessionValidator.Validate(draft, cohort, catalog, out var fieldErrors);
            foreach (var fe in fieldErrors)
            {
                var key = FieldColumn.GetValueOrDefault(fe.Field.Split('[')[0], "title");
                if (key is "start" or "end" && !cols.ContainsKey(key)) key = "time";
                bad(key, texts.Error(fe.Error));
            }
            if (!r.IsOk) continue;

            var k = Key(r.Value!.Times.Date, r.Value.Times.StartText, r.Value.Times.EndText, r.Value.Title);
            if (existing.Contains(k)) { skipped++; continue; }
            if (seen.TryGetValue(k, out var firstRow)) { bad("title", $"与第 {firstRow} 行重复。"); continue; }
            seen[k] = row.Number;
            plan.Add(r.Value);
        }

        if (errors.Count > 0) return new TimetableImportResult(0, 0, errors);
        if (plan.Count == 0 && skipped == 0) return Fail(new CellError(header.Number + 1, null, "表中没有课程。"));
        if (plan.Count > 0)
            await db.InTransactionAsync(async (c, tx) =>
            {
                foreach (var s in plan) await SessionStore.InsertAsync(c, tx, cohort.Id, s);
                return 0;
            });
        return new TimetableImportResult(plan.Count, skipped, []);
    }

    private static string Key(DateOnly d, string start, string end, string title) => $"{d:yyyy-MM-dd}|{start}|{end}|{title.Trim()}";

    private static TimetableImportResult Fail(CellError e) => new(0, 0, [e]);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Full-width digits and colons folded, dashes of every kind made "-".</summary>
    private static string Fold(string s) => s.Normalize(NormalizationForm.FormKC).Replace('–', '-').Replace('—', '-').Replace('~', '-')
        .Replace("至", "-").Replace("到", "-").Replace(" ", "").Replace("\u3000", "");

    [GeneratedRegex(@"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")]
    private static partial Regex FullDate();
    [GeneratedRegex(@"^(\d{1,2})月(\d{1,2})日$")]
    private static partial Regex MonthDay();
    [GeneratedRegex(@"[（(].*?[)）]")]
    private static partial Regex Parenthesised();

    /// <summary>2023-06-07, 2023/6/7, 2023年6月7日, 6月7日 (the year that puts it in the class), 第一天; a weekday in brackets is ignored.</summary>
    public static DateOnly? ParseDate(string text, CohortRow cohort)
    {
        var t = Parenthesised().Replace(Fold(text), "");
        if (ChineseDays.ParseDayLabel(t) is { } n) return cohort.StartDate.AddDays(n - 1);
        if (t.Length >= 10 && DateOnly.TryParseExact(t[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)
            && (t.Length == 10 || t[10] == ' ')) return iso;
        if (FullDate().Match(t) is { Success: true } m && TryDate(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), out var d)) return d;
        if (MonthDay().Match(t) is { Success: true } md)
        {
            foreach (var year in new[] { cohort.StartDate.Year, cohort.EndDate.Year }.Distinct())
                if (TryDate(year, int.Parse(md.Groups[1].Value), int.Parse(md.Groups[2].Value), out var y) && y >= cohort.StartDate && y <= cohort.EndDate)
                    return y;
            return TryDate(cohort.StartDate.Year, int.Parse(md.Groups[1].Value), int.Parse(md.Groups[2].Value), out var fallback) ? fallback : null;
        }
        return null;
    }

    private static bool TryDate(int y, int m, int d, out DateOnly date)
    {
        date = default;
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>"08:30", "8：30", an Excel time (a fraction of a day) or an Excel date-time on 1899-12-30/31.</summary>
    public static string? ParseTime(string text)
    {
        var t = Fold(text);
        if (t.Length == 0) return null;
        if (t.Length == 16 && t.StartsWith("1899-12-3")) t = t[11..];
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) && fraction is >= 0 and < 1 && t.Contains('.'))
        {
            var minutes = (int)Math.Round(fraction * 24 * 60);
            return minutes >= 24 * 60 ? null : $"{minutes / 60:00}:{minutes % 60:00}";
        }
        return Domain.Cohorts.ClassClock.TryParseTime(t, out var time) ? time.ToString("HH:mm", CultureInfo.InvariantCulture) : null;
    }

    /// <summary>"08:30-11:30", "19:00-次日00:30" → start, end, past midnight.</summary>
    public static (string Start, string End, bool PastMidnight)? SplitSpan(string text)
    {
        var parts = Fold(text).Split('-');
        if (parts.Length != 2) return null;
        var next = parts[1].StartsWith("次日");
        var start = ParseTime(parts[0]);
        var end = ParseTime(next ? parts[1][2..] : parts[1]);
        return start is null || end is null ? null : (start, end, next);
    }

    private static IEnumerable<string> SplitNames(string text) =>
        text.Split(['、', ',', '，', ';', '；', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"陈伟东等" or "陈伟东、王燕": linked when every name is exactly one known instructor or team; otherwise just a label.</summary>
    private static (List<long>, List<long>)? LinkFromLabel(string label, SessionCatalog catalog)
    {
        var names = SplitNames(label.TrimEnd('等')).ToList();
        if (names.Count == 0) return null;
        var people = new List<long>();
        var teams = new List<long>();
        foreach (var n in names)
        {
            var i = catalog.Instructors.Where(x => x.Name == n).ToList();
            if (i.Count == 1) { people.Add(i[0].Id); continue; }
            var t = catalog.Teams.Where(x => x.Name == n).ToList();
            if (i.Count == 0 && t.Count == 1) { teams.Add(t[0].Id); continue; }
            return null;
        }
        // "陈伟东等" means the team he leads, when there is one.
        if (label.EndsWith('等') && people.Count == 1 && teams.Count == 0
            && catalog.Teams.Where(t => t.LeadInstructorId == people[0]).ToList() is [var led])
            return ([], [led.Id]);
        return (people, teams);
    }

    /// <summary>Without a 类型 column: 开班仪式 and 结业 are recognised by title, anything else is a lecture.</summary>
    private static string GuessType(string title, SessionCatalog catalog)
    {
        var byName = catalog.Types.FirstOrDefault(t => title.Contains(t.Name));
        return byName?.Code ?? (title.Contains("开班") ? "opening_ceremony" : title.Contains("结业") ? "closing" : "lecture");
    }
}

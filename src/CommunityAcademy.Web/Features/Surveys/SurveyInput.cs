using System.Globalization;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Surveys;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>The builder's form: times typed in the class's time zone (datetime-local), stored as UTC instants.</summary>
public sealed class SurveyInput
{
    public string? Title { get; set; }
    public List<string> Audiences { get; set; } = [];
    public bool Anonymous { get; set; }
    public string? OpensAt { get; set; }
    public string? ClosesAt { get; set; }
    public string? Definition { get; set; }

    /// <summary>A start for the builder: the three audiences of seed 003 and one question of each kind.</summary>
    public static SurveyInput Blank() => new()
    {
        Title = "培训效果反馈问卷",
        Audiences = ["trainees", "instructors", "hosts"],
        Anonymous = true,
        Definition = """
            # 总体评价
            overall|评分5|您对本期培训的总体满意度
            recommend|评分10|您向同事推荐本培训的可能性（0–10）
            gain|多选|您最大的收获|理论知识;实操技能;交流经验;现场教学
            format|单选|您更喜欢的教学方式|课堂讲授;现场教学;分组研讨
            # 课程评价
            sessions|课程矩阵|请为每节课的内容、授课老师和实用性打分|选答
            # 意见和建议
            advice|文本|您对改进下一期培训的意见和建议|选答
            """,
    };

    public static SurveyInput From(SurveyDto s, string zone) => new()
    {
        Title = s.Title, Audiences = s.Audiences.Select(SurveyRules.Word).ToList(), Anonymous = s.Anonymous, Definition = s.Definition,
        OpensAt = Local(s.OpensAt, zone), ClosesAt = Local(s.ClosesAt, zone),
    };

    public static string? Local(DateTimeOffset? t, string zone) => t is { } v ? ClassClock.ToLocal(v, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null;

    public static Result<DateTimeOffset?> Instant(string? typed, string zone)
    {
        if (string.IsNullOrWhiteSpace(typed)) return Result<DateTimeOffset?>.Ok(null);
        if (!DateTime.TryParseExact(typed.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return new Error("Survey.BadTime", typed);
        return Result<DateTimeOffset?>.Ok(ClassClock.ToInstant(DateOnly.FromDateTime(d), TimeOnly.FromDateTime(d), zone));
    }

    public Result<NewSurvey> ToNew(string zone)
    {
        var opens = Instant(OpensAt, zone);
        if (!opens.IsOk) return opens.Error!;
        var closes = Instant(ClosesAt, zone);
        if (!closes.IsOk) return closes.Error!;
        var audiences = Audiences.Select(SurveyRules.ParseAudience).ToList();
        if (audiences.Any(a => a is null)) return new Error("Survey.AudienceRequired");
        return Result<NewSurvey>.Ok(new NewSurvey(Title, audiences.OfType<Audience>().ToList(), Anonymous, Definition, opens.Value, closes.Value));
    }
}

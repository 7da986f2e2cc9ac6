using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Surveys;

/// <summary>Classes with surveys, built through the builder page, and answers posted as a phone's browser posts them.</summary>
public static class SurveyKit
{
    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    public const string Questions = """
        # 总体评价
        overall|评分5|您对本期培训的总体满意度
        recommend|评分10|推荐的可能性|选答
        gain|多选|最大的收获|理论知识;实操技能;交流经验
        format|单选|更喜欢的教学方式|课堂讲授;现场教学|选答
        sessions|课程矩阵|请为每节课打分|选答
        # 意见
        advice|文本|意见和建议|选答
        """;

    /// <summary>GETs <paramref name="page"/> for its token and posts the fields (which may repeat) to <paramref name="url"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient c, string page, string url, IEnumerable<(string Name, string Value)> fields)
    {
        var html = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        var m = TokenField.Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(m.Groups[1].Value)));
        return await c.PostAsync(url, new FormUrlEncodedContent(all));
    }

    /// <summary>Posts with the token of a page read earlier (a form left open on a phone).</summary>
    public static Task<HttpResponseMessage> PostWithAsync(HttpClient c, string formHtml, string url, IEnumerable<(string Name, string Value)> fields)
    {
        var m = TokenField.Match(formHtml);
        Assert.True(m.Success, "no antiforgery token");
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(m.Groups[1].Value)));
        return c.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static async Task<string> BodyAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    /// <summary>A class with trainees t061–t063 and a survey made on the builder page; returns (class, survey).</summary>
    public static async Task<(long Cohort, long Survey)> SurveyAsync(TestApp app, string audiences = "trainees", bool anonymous = false,
        string? opens = null, string? closes = null, string questions = Questions, long? cohort = null)
    {
        var id = cohort ?? await CreateCohortAsync(app, "问卷测试班", "2031-05-10", "2031-05-12");
        if (cohort is null) foreach (var t in new[] { "t061", "t062", "t063" }) await EnrollAsync(app, id, t);
        var org = await app.Browser("organizer");
        var fields = new List<(string, string)> { ("Input.Title", "培训效果反馈问卷"), ("Input.Definition", questions), ("Input.OpensAt", opens ?? ""), ("Input.ClosesAt", closes ?? "") };
        fields.AddRange(audiences.Split(',').Select(a => ("Input.Audiences", a)));
        if (anonymous) fields.Add(("Input.Anonymous", "true"));
        var r = await PostAsync(org, $"/Surveys/{id}", $"/Surveys/{id}?handler=Create", fields);
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"create: {(int)r.StatusCode} {await BodyAsync(r)}");
        var survey = long.Parse(Regex.Match(r.Headers.Location!.ToString(), @"/Surveys/Edit/\d+/(\d+)$").Groups[1].Value);
        return (id, survey);
    }

    /// <summary>A complete answer (required questions): overall, gain, and optional extras.</summary>
    public static List<(string, string)> Answer(int overall = 5, string? advice = null, params int[] gains)
    {
        var f = new List<(string, string)> { ("q:overall", overall.ToString()) };
        f.AddRange((gains.Length == 0 ? [1] : gains).Select(g => ("q:gain", g.ToString())));
        if (advice is not null) f.Add(("q:advice", advice));
        return f;
    }

    public static async Task<long> ScalarAsync(TestApp app, string sql, object? args = null)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }
}

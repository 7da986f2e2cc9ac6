using CommunityAcademy.Domain.Surveys;

namespace CommunityAcademy.Domain.Tests.Surveys;

public class SurveyFormTests
{
    private const string Text = """
        # 总体评价
        overall|评分5|总体满意度
        nps|rating10|推荐的可能性|optional
        gain|多选|最大的收获|理论知识;实操技能；交流经验
        # 课程
        sessions|课程矩阵|为每节课打分|选答
        advice|文本|意见和建议|选答
        """;

    [Fact]
    public void The_builder_text_gives_sections_kinds_options_and_required_and_formats_back_to_the_same_form()
    {
        var f = SurveyForm.Parse(Text).Value!;
        Assert.Equal(["overall", "nps", "gain", "sessions", "advice"], f.Questions.Select(q => q.Key));
        Assert.Equal([QuestionKind.Rating5, QuestionKind.Rating10, QuestionKind.Multiple, QuestionKind.SessionMatrix, QuestionKind.Text], f.Questions.Select(q => q.Kind));
        Assert.Equal([true, false, true, false, false], f.Questions.Select(q => q.Required));
        Assert.Equal(["总体评价", "总体评价", "总体评价", "课程", "课程"], f.Questions.Select(q => q.Section));
        Assert.Equal(["理论知识", "实操技能", "交流经验"], f.Find("gain")!.Options);
        Assert.Equal((0, 10), f.Find("nps")!.Scale);
        var again = SurveyForm.Parse(f.Format()).Value!;
        Assert.Equal(f.Format(), again.Format());
        Assert.Equal(f.Questions.Select(q => (q.Key, q.Kind, q.Title, q.Required, q.Section, string.Join(";", q.Options))),
            again.Questions.Select(q => (q.Key, q.Kind, q.Title, q.Required, q.Section, string.Join(";", q.Options))));
    }

    [Theory]
    [InlineData("", "Survey.NoQuestions")]
    [InlineData("overall|评分7|总体", "Survey.BadKind")]
    [InlineData("Overall 1|评分5|总体", "Survey.BadKey")]
    [InlineData("1st|评分5|总体", "Survey.BadKey")]
    [InlineData("a|评分5|总体\na|文本|建议", "Survey.DuplicateKey")]
    [InlineData("a|单选|方式", "Survey.OptionsRequired")]
    [InlineData("a|单选|方式|只有一个", "Survey.OptionsRequired")]
    [InlineData("a|单选|方式|甲;甲", "Survey.OptionsRequired")]
    [InlineData("a|评分5|总体|多余", "Survey.BadLine")]
    [InlineData("a|评分5", "Survey.BadLine")]
    [InlineData("a|评分5|", "Survey.BadTitle")]
    public void A_bad_line_is_refused_with_its_rule(string text, string code) => Assert.Equal(code, SurveyForm.Parse(text).Error?.Code);
}

public class SurveyRulesTests
{
    private static readonly SurveyForm Form = SurveyForm.Parse("""
        overall|评分5|总体满意度
        nps|评分10|推荐|选答
        gain|多选|收获|理论;实操;交流
        format|单选|方式|讲授;现场|选答
        sessions|课程矩阵|打分|选答
        advice|文本|建议|选答
        """).Value!;

    private static Result<IReadOnlyList<AnswerItem>> Check(bool final, params (string Name, string Value)[] posted) =>
        SurveyRules.Check(Form, [11, 12], posted.GroupBy(p => p.Name).Select(g => new KeyValuePair<string, IReadOnlyList<string>>(g.Key, g.Select(x => x.Value).ToList())), final);

    [Fact]
    public void A_complete_answer_becomes_items_choices_as_option_numbers_and_matrix_cells_per_session_and_aspect()
    {
        var r = Check(true, ("q:overall", "4"), ("q:nps", "0"), ("q:gain", "3"), ("q:gain", "1"), ("q:format", "2"),
            ("q:sessions:11:content", "5"), ("q:sessions:12:usefulness", "3"), ("q:sessions:99:content", "5"), ("q:advice", "<b>多安排现场教学</b>"), ("other", "x"));
        Assert.True(r.IsOk, r.Error?.ToString());
        Assert.Equal([("overall", 4), ("nps", 0), ("gain", 1), ("gain", 3), ("format", 2), ("sessions", 5), ("sessions", 3)],
            r.Value!.Where(i => i.Value is not null).Select(i => (i.Key, i.Value!.Value)));
        Assert.Equal([(11L, "content"), (12L, "usefulness")], r.Value!.Where(i => i.SessionId is not null).Select(i => (i.SessionId!.Value, i.Aspect!))); // session 99 is not the class's
        Assert.Equal("<b>多安排现场教学</b>", r.Value!.Single(i => i.Key == "advice").Text); // kept as typed; pages show it as text
    }

    [Fact]
    public void Required_questions_must_be_answered_only_when_submitting()
    {
        Assert.Equal(("Survey.Required", "总体满意度"), (Check(true, ("q:gain", "1")).Error!.Code, (string)Check(true, ("q:gain", "1")).Error!.Args[0]));
        Assert.True(Check(false, ("q:advice", "草稿")).IsOk);
    }

    [Theory]
    [InlineData("q:overall", "0", "Survey.BadRating")]
    [InlineData("q:overall", "6", "Survey.BadRating")]
    [InlineData("q:overall", "五", "Survey.BadRating")]
    [InlineData("q:nps", "11", "Survey.BadRating")]
    [InlineData("q:gain", "4", "Survey.BadChoice")]
    [InlineData("q:format", "0", "Survey.BadChoice")]
    [InlineData("q:sessions:11:content", "6", "Survey.BadRating")]
    public void Values_off_the_scale_or_options_are_refused(string name, string value, string code) =>
        Assert.Equal(code, Check(false, (name, value)).Error?.Code);

    [Fact]
    public void Two_values_for_a_single_choice_a_repeated_option_and_a_text_over_the_limit_are_refused()
    {
        Assert.Equal("Survey.BadChoice", Check(false, ("q:format", "1"), ("q:format", "2")).Error?.Code);
        Assert.Equal("Survey.BadChoice", Check(false, ("q:gain", "1"), ("q:gain", "1")).Error?.Code);
        Assert.Equal("Survey.TextTooLong", Check(false, ("q:advice", new string('长', 100_000))).Error?.Code);
        Assert.True(Check(false, ("q:advice", new string('长', SurveyRules.MaxText))).IsOk);
    }

    [Fact]
    public void A_survey_is_open_from_its_opening_until_just_before_its_close()
    {
        var o = new DateTimeOffset(2031, 5, 10, 1, 0, 0, TimeSpan.Zero);
        var c = o.AddDays(2);
        Assert.Equal("Survey.NotOpen", SurveyRules.Window(o, c, o.AddTicks(-1))?.Code);
        Assert.Null(SurveyRules.Window(o, c, o));
        Assert.Equal("Survey.Closed", SurveyRules.Window(o, c, c)?.Code);
        Assert.Null(SurveyRules.Window(null, null, c));
        Assert.Equal("Survey.CloseBeforeOpen", SurveyRules.CheckTimes(c, o)?.Code);
    }

    [Fact]
    public void A_second_answer_is_refused_for_people_and_host_links_and_kept_as_a_duplicate_for_a_device()
    {
        Assert.All([Audience.Trainees, Audience.Instructors, Audience.Staff, Audience.Hosts], a => Assert.True(SurveyRules.SecondIsRefused(a)));
        Assert.False(SurveyRules.SecondIsRefused(Audience.Public));
    }
}

public class SurveyCountingTests
{
    [Fact]
    public void A_distribution_covers_the_whole_scale_with_zeros_and_its_mean()
    {
        var q = new SurveyQuestion("overall", QuestionKind.Rating5, "总体", [], true, null);
        var t = SurveyCounting.Distribution(q, [(5, 3), (3, 1), (9, 4)], 4);
        Assert.Equal([(1, 0L), (2, 0L), (3, 1L), (4, 0L), (5, 3L)], t.Counts);
        Assert.Equal(4.5m, t.Mean);
        var nps = SurveyCounting.Distribution(new SurveyQuestion("nps", QuestionKind.Rating10, "推荐", [], true, null), [], 0);
        Assert.Equal(11, nps.Counts.Count);
        Assert.Null(nps.Mean);
        var choice = SurveyCounting.Distribution(new SurveyQuestion("f", QuestionKind.Single, "方式", ["甲", "乙"], true, null), [(2, 5)], 5);
        Assert.Equal([(1, 0L), (2, 5L)], choice.Counts);
    }

    [Fact]
    public void Frequent_terms_count_answers_not_repeats_and_phrases_only_when_shared()
    {
        IReadOnlyList<string> a = ["现场教学", "接地气", "现场教学"], b = ["现场教学", "接地气"], c = ["时间", "紧张"];
        var top = SurveyCounting.Frequent([(1, a), (2, b), (3, c)]);
        var site = top.Single(t => t.Term == "现场教学");
        Assert.Equal(2, site.Answers);
        Assert.Equal([1L, 2L], site.AnswerIds);
        Assert.Equal(2, top[0].Answers); // most answers first
        Assert.Contains(top, t => t.Term == "现场教学接地气" && t.Answers == 2); // a phrase two answers share
        Assert.DoesNotContain(top, t => t.Term is "时间紧张" or "接地气现场教学"); // a phrase of one answer only
        Assert.Contains(top, t => t.Term == "时间" && t.Answers == 1);      // a word of one answer still shows
    }

    [Fact]
    public void An_answer_holds_a_term_as_one_of_its_words_or_two_different_words_in_a_row()
    {
        IReadOnlyList<string> a = ["现场", "教学", "接地气"], twice = ["教学", "教学"];
        Assert.True(SurveyCounting.Holds(a, "教学"));
        Assert.True(SurveyCounting.Holds(a, "现场教学"));      // a phrase: two words in a row
        Assert.True(SurveyCounting.Holds(a, "教学接地气"));
        Assert.False(SurveyCounting.Holds(a, "现场接地气"));   // not in a row
        Assert.False(SurveyCounting.Holds(a, "现"));           // part of a word is not a word
        Assert.False(SurveyCounting.Holds(twice, "教学教学"));  // a word next to itself is no phrase (as Frequent counts)
        Assert.False(SurveyCounting.Holds([], "教学"));
        // every term Frequent finds is held by exactly the answers it counted
        IReadOnlyList<string>[] answers = [a, ["现场", "教学"], ["理论", "课程"], twice];
        foreach (var t in SurveyCounting.Frequent(answers.Select((x, i) => ((long)i, x))))
            Assert.Equal(t.Answers, answers.Count(x => SurveyCounting.Holds(x, t.Term)));
    }
}

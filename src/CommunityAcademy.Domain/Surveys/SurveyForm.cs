using System.Text.RegularExpressions;

namespace CommunityAcademy.Domain.Surveys;

/// <summary>What a survey question asks for.</summary>
public enum QuestionKind { Single, Multiple, Rating5, Rating10, SessionMatrix, Text }

/// <summary>
/// One question of a survey. <see cref="Key"/> is stable: a survey copied to the next class keeps it, so the same
/// question is compared across the classes of a program. <see cref="Section"/>: the heading it stands under.
/// </summary>
public sealed record SurveyQuestion(string Key, QuestionKind Kind, string Title, IReadOnlyList<string> Options, bool Required, string? Section)
{
    /// <summary>The scale of a rating (a matrix's cells are rated 1–5).</summary>
    public (int Min, int Max)? Scale => Kind switch
    {
        QuestionKind.Rating5 or QuestionKind.SessionMatrix => (1, 5),
        QuestionKind.Rating10 => (0, 10),
        _ => null,
    };
}

/// <summary>
/// A survey's questions, as the organizer types them in the builder (one line a question, a section a line starting
/// with #): <c>key|种类|题目|选项1;选项2|选答</c>. Kinds: 单选 多选 评分5 评分10 课程矩阵 文本 (or single multiple
/// rating5 rating10 sessions text). The last part 选答 (optional) makes a question optional; required is the default.
/// E.g. <c>overall|评分5|您对本期培训的总体评价</c>, <c>gain|多选|最大的收获|理论知识;实操技能;交流经验</c>,
/// <c>sessions|课程矩阵|请为每节课打分</c>, <c>advice|文本|意见和建议|选答</c>.
/// </summary>
public sealed record SurveyForm(IReadOnlyList<SurveyQuestion> Questions)
{
    public const int MaxQuestions = 60, MaxTitle = 200, MaxOptions = 20, MaxOption = 100, MaxSection = 100, MaxKey = 40;
    private static readonly Regex KeyPattern = new("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant);

    private static readonly (string Word, QuestionKind Kind)[] Words =
    [
        ("单选", QuestionKind.Single), ("多选", QuestionKind.Multiple), ("评分5", QuestionKind.Rating5), ("评分10", QuestionKind.Rating10),
        ("课程矩阵", QuestionKind.SessionMatrix), ("文本", QuestionKind.Text),
        ("single", QuestionKind.Single), ("multiple", QuestionKind.Multiple), ("rating5", QuestionKind.Rating5), ("rating10", QuestionKind.Rating10),
        ("sessions", QuestionKind.SessionMatrix), ("text", QuestionKind.Text),
    ];
    private static readonly string[] OptionalWords = ["选答", "optional"];

    public static string Word(QuestionKind k) => Words.First(w => w.Kind == k).Word;

    public SurveyQuestion? Find(string key) => Questions.FirstOrDefault(q => q.Key == key);

    /// <summary>The builder's text; errors name the line (1-based).</summary>
    public static Result<SurveyForm> Parse(string? text)
    {
        var lines = (text ?? "").Replace("\r", "").Split('\n');
        var questions = new List<SurveyQuestion>();
        string? section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var n = i + 1;
            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                if (section.Length is 0 or > MaxSection) return new Error("Survey.BadSection", n, MaxSection);
                continue;
            }
            var parts = line.Split('|').Select(p => p.Trim()).ToArray();
            if (parts.Length < 3) return new Error("Survey.BadLine", n);
            var key = parts[0].ToLowerInvariant();
            if (key.Length > MaxKey || !KeyPattern.IsMatch(key)) return new Error("Survey.BadKey", n, parts[0]);
            if (questions.Any(q => q.Key == key)) return new Error("Survey.DuplicateKey", n, key);
            var kind = Words.FirstOrDefault(w => string.Equals(w.Word, parts[1], StringComparison.OrdinalIgnoreCase));
            if (kind.Word is null) return new Error("Survey.BadKind", n, parts[1]);
            var title = parts[2];
            if (title.Length is 0 or > MaxTitle) return new Error("Survey.BadTitle", n, MaxTitle);
            var rest = parts.Skip(3).ToList();
            var required = true;
            if (rest.Count > 0 && OptionalWords.Contains(rest[^1], StringComparer.OrdinalIgnoreCase)) { required = false; rest.RemoveAt(rest.Count - 1); }
            IReadOnlyList<string> options = [];
            if (kind.Kind is QuestionKind.Single or QuestionKind.Multiple)
            {
                if (rest.Count != 1) return new Error("Survey.OptionsRequired", n);
                options = rest[0].Split(';', '；').Select(o => o.Trim()).Where(o => o.Length > 0).ToList();
                if (options.Count is < 2 or > MaxOptions || options.Any(o => o.Length > MaxOption)) return new Error("Survey.OptionsRequired", n);
                if (options.Distinct().Count() != options.Count) return new Error("Survey.OptionsRequired", n);
            }
            else if (rest.Count > 0) return new Error("Survey.BadLine", n);
            questions.Add(new SurveyQuestion(key, kind.Kind, title, options, required, section));
        }
        if (questions.Count == 0) return new Error("Survey.NoQuestions");
        if (questions.Count > MaxQuestions) return new Error("Survey.TooManyQuestions", MaxQuestions);
        return Result<SurveyForm>.Ok(new SurveyForm(questions));
    }

    /// <summary>The builder's text of this form (Parse(Format(f)) == f).</summary>
    public string Format()
    {
        var lines = new List<string>();
        string? section = null;
        foreach (var q in Questions)
        {
            if (q.Section != section && q.Section is not null) lines.Add("# " + q.Section);
            section = q.Section;
            var parts = new List<string> { q.Key, Word(q.Kind), q.Title };
            if (q.Options.Count > 0) parts.Add(string.Join(';', q.Options));
            if (!q.Required) parts.Add(OptionalWords[0]);
            lines.Add(string.Join('|', parts));
        }
        return string.Join('\n', lines);
    }
}

namespace CommunityAcademy.Domain.Online;

/// <summary>A single-choice question of a case push: its options and the 0-based index of the correct one.</summary>
public sealed record CaseQuestion(string Prompt, IReadOnlyList<string> Options, int Correct);

/// <summary>
/// 线上案例推送 and theme-course modules (#21 point 2). A module is read when the trainee says "done reading" at least
/// its reading time after the server saw it opened (the phone's clock plays no part); a case push is completed when
/// every module is read or every question answered correctly; a theme course when every module is read. Questions are
/// written as blocks separated by a blank line: the prompt, then one option a line, the correct one starting with *.
/// </summary>
public static class CaseReading
{
    public const int DefaultReadSeconds = 120;
    public const int MaxReadSeconds = 4 * 3600;
    public const int MaxQuestions = 20;
    public const int MaxOptions = 8;
    public const int MaxText = 500;

    public static Error? CheckReadSeconds(int seconds) =>
        seconds is < 0 or > MaxReadSeconds ? new Error("Online.ReadSeconds", 0, MaxReadSeconds / 60) : null;

    /// <summary>Seconds still to read (0: may be marked read now).</summary>
    public static int SecondsLeft(DateTimeOffset openedAt, DateTimeOffset now, int readSeconds)
    {
        var elapsed = (now - openedAt).TotalSeconds;
        return elapsed >= readSeconds ? 0 : (int)Math.Ceiling(readSeconds - elapsed);
    }

    /// <summary>All questions answered with their correct option (answers by question, null: not answered).</summary>
    public static bool AllCorrect(IReadOnlyList<CaseQuestion> questions, IReadOnlyList<int?> answers) =>
        questions.Count > 0 && answers.Count == questions.Count && questions.Select((q, i) => answers[i] == q.Correct).All(x => x);

    /// <summary>How many answers are correct.</summary>
    public static int Correct(IReadOnlyList<CaseQuestion> questions, IReadOnlyList<int?> answers) =>
        questions.Select((q, i) => i < answers.Count && answers[i] == q.Correct).Count(x => x);

    public static bool CaseCompleted(int modules, int modulesRead, bool answeredCorrectly) =>
        answeredCorrectly || (modules > 0 && modulesRead >= modules);

    public static bool ThemeCompleted(int modules, int modulesRead) => modules > 0 && modulesRead >= modules;

    /// <summary>Completed items over the class's items (0 when it has none), 0..1.</summary>
    public static decimal Share(int completed, int items) => items <= 0 ? 0m : Math.Min(1m, (decimal)completed / items);

    public static Result<IReadOnlyList<CaseQuestion>> Parse(string? text)
    {
        var list = new List<CaseQuestion>();
        var blocks = (text ?? "").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(b => b.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList()).Where(b => b.Count > 0).ToList();
        if (blocks.Count > MaxQuestions) return new Error("Online.TooManyQuestions", MaxQuestions);
        for (var n = 0; n < blocks.Count; n++)
        {
            var b = blocks[n];
            var options = b.Skip(1).Select(o => o.TrimStart('*').Trim()).ToList();
            var correct = b.Skip(1).Select((o, i) => (o, i)).Where(x => x.o.StartsWith('*')).Select(x => x.i).ToList();
            if (options.Count is < 2 or > MaxOptions || options.Any(o => o.Length == 0)) return new Error("Online.QuestionOptions", n + 1, 2, MaxOptions);
            if (correct.Count != 1) return new Error("Online.QuestionCorrect", n + 1);
            if (b[0].Length > MaxText || options.Any(o => o.Length > MaxText)) return new Error("Online.QuestionLong", n + 1, MaxText);
            list.Add(new CaseQuestion(b[0], options, correct[0]));
        }
        return Result<IReadOnlyList<CaseQuestion>>.Ok(list);
    }

    public static string Format(IEnumerable<CaseQuestion> questions) =>
        string.Join("\n\n", questions.Select(q => q.Prompt + "\n" + string.Join("\n", q.Options.Select((o, i) => (i == q.Correct ? "*" : "") + o))));
}

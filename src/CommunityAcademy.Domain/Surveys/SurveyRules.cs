namespace CommunityAcademy.Domain.Surveys;

/// <summary>Who a survey asks. Hosts (教学点负责人 and other outsiders) answer through a personal link; the public through one open link.</summary>
public enum Audience { Trainees, Instructors, Staff, Hosts, Public }

/// <summary>How the answers of signed-in respondents are kept: with their name, or not linked to them (still one each).</summary>
public enum Anonymity { Named, Anonymous }

/// <summary>The aspects a session is rated on in a matrix (1–5 each).</summary>
public static class SessionAspects
{
    public const string Content = "content", Instructor = "instructor", Usefulness = "usefulness";
    public static readonly IReadOnlyList<string> All = [Content, Instructor, Usefulness];
}

/// <summary>One stored piece of an answer: a choice (its 1-based option number), a rating, a matrix cell (session and aspect), or a text.</summary>
public sealed record AnswerItem(string Key, int? Value, string? Text, long? SessionId = null, string? Aspect = null);

/// <summary>
/// The rules of answering a survey: when it is open, what a valid answer is, and what a second answer from the same
/// respondent is (refused for a person or a host link; stored, flagged and left out of the counts for a device on the
/// public link).
/// </summary>
public static class SurveyRules
{
    public const int MaxText = 2000;

    public static string Word(Audience a) => a.ToString().ToLowerInvariant();
    public static Audience? ParseAudience(string? s) => Enum.TryParse<Audience>(s, true, out var a) && Enum.IsDefined(a) ? a : null;

    /// <summary>Null when open at <paramref name="now"/>; otherwise why not (not yet open, closed).</summary>
    public static Error? Window(DateTimeOffset? opensAt, DateTimeOffset? closesAt, DateTimeOffset now)
    {
        if (opensAt is { } o && now < o) return new Error("Survey.NotOpen");
        if (closesAt is { } c && now >= c) return new Error("Survey.Closed");
        return null;
    }

    /// <summary>The open and close times make sense together.</summary>
    public static Error? CheckTimes(DateTimeOffset? opensAt, DateTimeOffset? closesAt) =>
        opensAt is { } o && closesAt is { } c && c <= o ? new Error("Survey.CloseBeforeOpen") : null;

    /// <summary>A second answer from the same respondent: is it refused (people, host links) or kept as a duplicate (a device)?</summary>
    public static bool SecondIsRefused(Audience a) => a != Audience.Public;

    /// <summary>
    /// The answer posted (field "q:key" for a question, "q:key:sessionId:aspect" for a matrix cell; a choice's value is
    /// its 1-based option number) as items to store. <paramref name="final"/>: required questions must be answered (a
    /// draft saved as one types need not be complete). Markup is kept as typed (pages and exports show it as text).
    /// </summary>
    public static Result<IReadOnlyList<AnswerItem>> Check(SurveyForm form, IReadOnlyCollection<long> sessions,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> posted, bool final)
    {
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in posted)
        {
            if (!name.StartsWith("q:", StringComparison.Ordinal)) continue;
            if (!byKey.TryGetValue(name, out var list)) byKey[name] = list = [];
            list.AddRange(values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()));
        }
        var items = new List<AnswerItem>();
        foreach (var q in form.Questions)
        {
            var before = items.Count;
            if (q.Kind == QuestionKind.SessionMatrix)
            {
                foreach (var s in sessions)
                    foreach (var aspect in SessionAspects.All)
                    {
                        if (!byKey.TryGetValue($"q:{q.Key}:{s}:{aspect}", out var v) || v.Count == 0) continue;
                        if (v.Count > 1 || !int.TryParse(v[0], out var n) || n is < 1 or > 5) return new Error("Survey.BadRating", q.Title);
                        items.Add(new AnswerItem(q.Key, n, null, s, aspect));
                    }
            }
            else
            {
                var v = byKey.TryGetValue("q:" + q.Key, out var got) ? got : [];
                switch (q.Kind)
                {
                    case QuestionKind.Text:
                        var text = string.Join("\n", v);
                        if (text.Length > MaxText) return new Error("Survey.TextTooLong", q.Title, MaxText);
                        if (text.Length > 0) items.Add(new AnswerItem(q.Key, null, text));
                        break;
                    case QuestionKind.Single or QuestionKind.Rating5 or QuestionKind.Rating10:
                        if (v.Count == 0) break;
                        var (min, max) = q.Kind == QuestionKind.Single ? (1, q.Options.Count) : q.Scale!.Value;
                        if (v.Count > 1 || !int.TryParse(v[0], out var one) || one < min || one > max)
                            return new Error(q.Kind == QuestionKind.Single ? "Survey.BadChoice" : "Survey.BadRating", q.Title);
                        items.Add(new AnswerItem(q.Key, one, null));
                        break;
                    case QuestionKind.Multiple:
                        var picked = new SortedSet<int>();
                        foreach (var x in v)
                        {
                            if (!int.TryParse(x, out var c) || c < 1 || c > q.Options.Count || !picked.Add(c)) return new Error("Survey.BadChoice", q.Title);
                        }
                        items.AddRange(picked.Select(c => new AnswerItem(q.Key, c, null)));
                        break;
                }
            }
            if (final && q.Required && items.Count == before) return new Error("Survey.Required", q.Title);
        }
        return Result<IReadOnlyList<AnswerItem>>.Ok(items);
    }
}

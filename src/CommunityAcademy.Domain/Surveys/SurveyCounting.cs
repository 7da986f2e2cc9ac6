namespace CommunityAcademy.Domain.Surveys;

/// <summary>How often each value was given: for a choice, each option (1-based); for a rating, each point of its scale.</summary>
public sealed record Tally(IReadOnlyList<(int Value, long Count)> Counts, long Respondents)
{
    public long Total => Counts.Sum(c => c.Count);
    /// <summary>The mean of a rating (null when nobody rated), to one decimal by the page.</summary>
    public decimal? Mean => Total == 0 ? null : Counts.Sum(c => (decimal)c.Value * c.Count) / Total;
}

/// <summary>A frequent word or phrase of free-text answers, with the answers it comes from (their ids, first ones first).</summary>
public sealed record FrequentTerm(string Term, int Answers, IReadOnlyList<long> AnswerIds);

/// <summary>Counting a survey's answers: distributions over a question's whole scale, and frequent words of texts.</summary>
public static class SurveyCounting
{
    /// <summary>
    /// Every value of the question's scale (or each option), counted, zero included so a chart shows the empty bars:
    /// from (value, count) pairs as the store groups them; values outside the scale are dropped.
    /// </summary>
    public static Tally Distribution(SurveyQuestion q, IEnumerable<(int Value, long Count)> grouped, long respondents)
    {
        var (min, max) = q.Scale ?? (1, q.Options.Count);
        var byValue = grouped.Where(g => g.Value >= min && g.Value <= max).GroupBy(g => g.Value).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        return new Tally(Enumerable.Range(min, max - min + 1).Select(v => (v, byValue.GetValueOrDefault(v))).ToList(), respondents);
    }

    /// <summary>
    /// The words and two-word phrases found in most answers (each answer counts once per term), most first, then by
    /// term; a phrase only when at least <paramref name="minAnswers"/> answers share it. <paramref name="answers"/>: each
    /// answer's id and its terms in order (stop words already removed).
    /// </summary>
    public static IReadOnlyList<FrequentTerm> Frequent(IEnumerable<(long Id, IReadOnlyList<string> Terms)> answers, int top = 20, int minAnswers = 2, int idsPerTerm = 50)
    {
        var found = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, terms) in answers)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < terms.Count; i++)
            {
                seen.Add(terms[i]);
                if (i + 1 < terms.Count && terms[i] != terms[i + 1]) { seen.Add(terms[i] + terms[i + 1]); phrases.Add(terms[i] + terms[i + 1]); }
            }
            foreach (var t in seen)
            {
                if (!found.TryGetValue(t, out var ids)) found[t] = ids = [];
                ids.Add(id);
            }
        }
        // a word of one answer still shows (few answers); a phrase only when answers share it
        return found.Where(f => !phrases.Contains(f.Key) || f.Value.Count >= minAnswers)
            .OrderByDescending(f => f.Value.Count).ThenBy(f => f.Key, StringComparer.Ordinal).Take(top)
            .Select(f => new FrequentTerm(f.Key, f.Value.Count, f.Value.Take(idsPerTerm).ToList())).ToList();
    }
}

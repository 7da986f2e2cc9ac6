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
    /// Does an answer with these terms (in order) hold <paramref name="term"/>, as <see cref="Frequent"/> counts it: one
    /// of its words, or two different words in a row (a phrase)?
    /// </summary>
    public static bool Holds(IReadOnlyList<string> terms, string term)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i] == term) return true;
            if (i + 1 < terms.Count && terms[i] != terms[i + 1] && term.Length == terms[i].Length + terms[i + 1].Length
                && term.StartsWith(terms[i], StringComparison.Ordinal) && term.EndsWith(terms[i + 1], StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>
    /// The words and two-word phrases found in most answers (each answer counts once per term), most first, then by
    /// term; a phrase only when at least <paramref name="minAnswers"/> answers share it. <paramref name="answers"/>: each
    /// answer's id and its terms in order (stop words already removed).
    /// </summary>
    public static IReadOnlyList<FrequentTerm> Frequent(IEnumerable<(long Id, IReadOnlyList<string> Terms)> answers, int top = 20, int minAnswers = 2, int idsPerTerm = 50)
    {
        // one entry per term: answers counted once each (the answer's ordinal marks it seen), the first ids kept
        var found = new Dictionary<string, Counted>(StringComparer.Ordinal);
        var answer = 0;
        void Add(string term, long id, bool phrase)
        {
            ref var e = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(found, term, out var existed);
            if (!existed) e = new Counted { Ids = idsPerTerm > 0 ? [] : null };
            e.Phrase |= phrase;
            if (e.Last == answer) return;
            e.Last = answer;
            e.Answers++;
            if (e.Ids is { } ids && ids.Count < idsPerTerm) ids.Add(id);
        }
        foreach (var (id, terms) in answers)
        {
            answer++;
            for (var i = 0; i < terms.Count; i++)
            {
                Add(terms[i], id, false);
                if (i + 1 < terms.Count && terms[i] != terms[i + 1]) Add(terms[i] + terms[i + 1], id, true);
            }
        }
        // a word of one answer still shows (few answers); a phrase only when answers share it
        return found.Where(f => !f.Value.Phrase || f.Value.Answers >= minAnswers)
            .OrderByDescending(f => f.Value.Answers).ThenBy(f => f.Key, StringComparer.Ordinal).Take(top)
            .Select(f => new FrequentTerm(f.Key, f.Value.Answers, f.Value.Ids ?? [])).ToList();
    }

    private struct Counted
    {
        public int Answers, Last;
        public bool Phrase;
        public List<long>? Ids;
    }
}

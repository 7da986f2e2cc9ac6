using CommunityAcademy.Domain.Scores;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>What the score explanation (_Explain) shows: one trainee's row with the class's formula and reviews.</summary>
public sealed record ExplainModel(ClassScoresDto Class, TraineeScore Row)
{
    public ScoreFormula Formula => Class.Formula;
}

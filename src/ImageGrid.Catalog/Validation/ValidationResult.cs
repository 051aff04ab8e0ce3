using System.Diagnostics.CodeAnalysis;
using ImageGrid.Grains;

namespace ImageGrid.Catalog;

/// <summary>Either the normalized request and its model, or every field that was wrong.</summary>
public sealed class ValidationResult
{
    private ValidationResult(ImageRequest? request, ModelDefinition? model, IReadOnlyList<FieldViolation> violations)
    {
        Request = request;
        Model = model;
        Violations = violations;
    }

    /// <summary>The request with the model's defaults applied; null when invalid.</summary>
    public ImageRequest? Request { get; }

    /// <summary>The model the request resolved to (its price is <see cref="ModelDefinition.CreditsPerImage"/>); null when invalid.</summary>
    public ModelDefinition? Model { get; }

    /// <summary>Empty when valid.</summary>
    public IReadOnlyList<FieldViolation> Violations { get; }

    [MemberNotNullWhen(true, nameof(Request), nameof(Model))]
    public bool IsValid => Request is not null;

    public static ValidationResult Valid(ImageRequest request, ModelDefinition model) => new(request, model, []);

    public static ValidationResult Invalid(IReadOnlyList<FieldViolation> violations)
    {
        if (violations.Count == 0)
        {
            throw new ArgumentException("an invalid result needs at least one violation", nameof(violations));
        }

        return new ValidationResult(null, null, violations);
    }
}

using Ecommerce.Api.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ecommerce.Api.OpenApi;

/// <summary>
/// The answers any operation can give before its handler runs, documented on the group that holds
/// the whole API so that no endpoint, a new one included, can leave them out: 400 for a control
/// character in the path, the query or a header (<see cref="RequestTextFilter"/>) and for a value
/// that cannot be bound, 429 from the rate limits, and where a body is read, 413 past
/// <see cref="HttpHostingExtensions.MaxRequestBodyBytes"/> and 415 for a body that is not JSON.
/// </summary>
public static class CommonAnswers
{
    public static TBuilder ProducesCommonAnswers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Last of all conventions, so that it sees the body the framework inferred and what each endpoint declared.
        builder.Finally(endpoint =>
        {
            Document(endpoint, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            Document(endpoint, StatusCodes.Status429TooManyRequests, typeof(Mvc.ProblemDetails));
            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
            {
                Document(endpoint, StatusCodes.Status413PayloadTooLarge, typeof(Mvc.ProblemDetails));
                Document(endpoint, StatusCodes.Status415UnsupportedMediaType, typeof(Mvc.ProblemDetails));
            }
        });
        return builder;
    }

    /// <summary>Adds the status unless the endpoint declares it already (with its own type).</summary>
    private static void Document(EndpointBuilder endpoint, int status, Type problem)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, problem, ["application/problem+json"]));
        }
    }
}

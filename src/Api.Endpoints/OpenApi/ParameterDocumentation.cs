using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ecommerce.Api.OpenApi;

/// <summary>
/// Documents a parameter that a handler binds as plain text and checks itself (so that a bad
/// value is answered in the API's own words, not the framework's) as what the API accepts:
/// the framework can only say "an optional string".
/// </summary>
public static class ParameterDocumentation
{
    public static TBuilder DocumentsParameter<TBuilder>(this TBuilder builder, string name, bool required, string description,
        Func<OpenApiSchema> schema) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var parameter = Find(operation, name);
            parameter.Required = required;
            parameter.Description = description;
            parameter.Schema = schema();
            return Task.CompletedTask;
        });

    /// <summary>Documents a text parameter as the schema of <paramref name="type"/> (an enum the handler parses).</summary>
    public static TBuilder DocumentsParameterAs<TBuilder>(this TBuilder builder, string name, Type type, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var parameter = Find(operation, name);
            parameter.Description = description;
            // A reference to the type's own component, so that a generator gives the parameter that type.
            var document = context.Document!;
            if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            {
                document.AddComponent<IOpenApiSchema>(type.Name, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
            }
            parameter.Schema = new OpenApiSchemaReference(type.Name, document);
        });

    private static OpenApiParameter Find(OpenApiOperation operation, string name) =>
        operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"The operation {operation.OperationId} has no parameter '{name}' to document.");
}

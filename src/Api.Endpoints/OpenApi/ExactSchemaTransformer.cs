using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ecommerce.Api.OpenApi;

/// <summary>
/// Makes each schema say what the JSON really holds, since clients generate their SDKs from it:
/// text is a string and money a decimal wherever they stand (parameters too), a request states
/// the lengths, patterns and ranges its validation applies, a property left out when null is not
/// required, a property that may be null is nullable, and problem details promise the members
/// api.md promises on every error and declare those this API adds (<c>traceId</c> always,
/// <c>orderId</c>, <c>settling</c>, <c>skus</c> and <c>total</c> on the failures of an order's commands).
/// </summary>
internal sealed class ExactSchemaTransformer : IOpenApiSchemaTransformer
{
    /// <summary>What api.md promises on every error.</summary>
    private static readonly string[] ProblemMembers = ["type", "title", "status", "detail", "traceId"];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        DeclareScalar(schema, type);
        // Object schemas only from here, wherever they stand (inline ones come with the property holding them).
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return Task.CompletedTask;
        }
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per schema
        foreach (var property in type.Properties)
        {
            var omittedWhenNull = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
                .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;
            var nullable = property.AttributeProvider is PropertyInfo info && nullability.Create(info).ReadState == NullabilityState.Nullable;
            if (omittedWhenNull || nullable)
            {
                schema.Required?.Remove(property.Name);
            }
            if (schema.Properties.TryGetValue(property.Name, out var member) && member is OpenApiSchema concrete)
            {
                // The property's own schema is visited after this one: type it now so that null can be added.
                if (property.PropertyType == typeof(string) && concrete.Type is null)
                {
                    concrete.Type = JsonSchemaType.String;
                }
                if (nullable && concrete.Type is { } memberType)
                {
                    concrete.Type = memberType | JsonSchemaType.Null;
                }
                if (property.AssociatedParameter?.AttributeProvider is { } parameter)
                {
                    DeclareConstraints(concrete, parameter.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).OfType<ValidationAttribute>());
                }
            }
        }
        if (typeof(Mvc.ProblemDetails).IsAssignableFrom(type.Type))
        {
            DeclareProblemMembers(schema);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Text goes through the API's own converter (control characters refused), which hides its type
    /// from the generator, enums come out untyped and decimals as doubles: say what they are.
    /// </summary>
    private static void DeclareScalar(OpenApiSchema schema, JsonTypeInfo type)
    {
        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        if (clr == typeof(string) && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
        }
        else if (clr.IsEnum && schema.Enum is { Count: > 0 } && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String; // JsonStringEnumConverter: the names, as strings
        }
        else if (clr == typeof(decimal))
        {
            // api.md: money is a decimal, never a float; a generator then gives it a decimal type.
            schema.Format = "decimal";
        }
        else if (schema.Type is { } kind && kind.HasFlag(JsonSchemaType.Array) && type.ElementType == typeof(string) && schema.Items is null)
        {
            // A list of text (a validation problem's messages) whose element type the converter hid.
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        }
    }

    /// <summary>
    /// The rules a request record states on its constructor's parameters, which the validation
    /// applies and the generator leaves out (it reads them on properties only).
    /// </summary>
    private static void DeclareConstraints(OpenApiSchema schema, IEnumerable<ValidationAttribute> rules)
    {
        foreach (var rule in rules)
        {
            switch (rule)
            {
                case StringLengthAttribute length:
                    schema.MaxLength ??= length.MaximumLength;
                    schema.MinLength ??= length.MinimumLength > 0 ? length.MinimumLength : null;
                    break;
                case RegularExpressionAttribute regex:
                    schema.Pattern ??= regex.Pattern;
                    break;
                case Checkout.CountryCodeAttribute:
                    schema.Pattern ??= "^[A-Z]{2}$";
                    schema.Description ??= "An ISO 3166-1 alpha-2 code, in capitals.";
                    break;
                case RangeAttribute { MinimumIsExclusive: false, MaximumIsExclusive: false } range:
                    schema.Minimum ??= Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                    schema.Maximum ??= Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                    break;
            }
        }
    }

    private static void DeclareProblemMembers(OpenApiSchema schema)
    {
        schema.Properties!["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Correlates the answer with the server's logs and traces." };
        schema.Properties["orderId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Checkout failures: the order the attempt created, or the pending order holding the cart." };
        schema.Properties["skus"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "Checkout refusals: the skus short of stock or no longer sold.",
        };
        schema.Properties["settling"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Boolean,
            Description = "A service's failure that names an order: whether the order is still being settled (it will be confirmed or failed later).",
        };
        schema.Properties["total"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["amount"] = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" },
                ["currency"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
            Required = new HashSet<string> { "amount", "currency" },
            Description = "Checkout refusals for the total: the cart's total at current prices.",
        };
        // Every error carries these, never null: the framework sets the title and status,
        // CustomizeProblemDetails a detail and type where a result leaves them out.
        schema.Required ??= new HashSet<string>();
        foreach (var name in ProblemMembers)
        {
            schema.Required.Add(name);
            if (schema.Properties[name] is OpenApiSchema member && member.Type is { } memberType)
            {
                member.Type = memberType & ~JsonSchemaType.Null;
            }
        }
    }
}

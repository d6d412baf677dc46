#pragma warning disable ASP0029 // .NET 10 marks the validation resolvers experimental; they are the one way into AddValidation()'s wording.

using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Validation;

namespace Ecommerce.Api.Http;

/// <summary>
/// <c>AddValidation()</c>'s checks in the API's own words (api.md): an error is keyed by the field as
/// the JSON or the query names it, and its message names it so too (<c>quantity must be from 1 to
/// 99.</c>, <c>shippingAddress.line1 is required.</c>) where the framework says <c>The field Quantity
/// must be between 1 and 99.</c>. First among the resolvers, it takes the request records the
/// framework would validate (<paramref name="framework"/> decides which) and reads their data
/// annotations through the JSON contract, so the names are the serializer's. A rule written with a
/// message of its own keeps it, <c>{0}</c> standing for the field, as in DataAnnotations.
/// </summary>
internal sealed class JsonNamedValidation(JsonSerializerOptions json, IReadOnlyList<IValidatableInfoResolver> framework) : IValidatableInfoResolver
{
    private readonly ConcurrentDictionary<Type, RecordRules?> _records = new();

    /// <summary>Puts the resolver before AddValidation's own (configured before this), which it consults.</summary>
    public static void PutFirst(ValidationOptions validation, JsonSerializerOptions json) =>
        validation.Resolvers.Insert(0, new JsonNamedValidation(json, [.. validation.Resolvers]));

    public bool TryGetValidatableTypeInfo(Type type, [NotNullWhen(true)] out IValidatableInfo? validatableInfo)
    {
        validatableInfo = _records.GetOrAdd(type, Describe);
        return validatableInfo is not null;
    }

    public bool TryGetValidatableParameterInfo(ParameterInfo parameterInfo, [NotNullWhen(true)] out IValidatableInfo? validatableInfo)
    {
        var rules = RulesOf(parameterInfo);
        validatableInfo = rules.Length == 0 ? null : new ParameterRules(BoundName(parameterInfo), rules);
        return validatableInfo is not null;
    }

    private RecordRules? Describe(Type type)
    {
        if (type.Assembly != typeof(JsonNamedValidation).Assembly || !framework.Any(r => r.TryGetValidatableTypeInfo(type, out _)))
        {
            return null;
        }
        var members = json.GetTypeInfo(type).Properties
            .Where(p => p.Get is not null)
            .Select(p => new Member(p.Name, (p.AttributeProvider as MemberInfo)?.Name ?? p.Name, p.Get!,
                [.. RulesOf(p.AttributeProvider), .. RulesOf(p.AssociatedParameter?.AttributeProvider)]))
            .ToList();
        return new RecordRules(members);
    }

    /// <summary>A rule's attributes, <see cref="RequiredAttribute"/> first: nothing more is said of a missing value.</summary>
    private static ValidationAttribute[] RulesOf(ICustomAttributeProvider? provider) =>
        provider is null ? [] : [.. provider.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>()
            .OrderBy(rule => rule is RequiredAttribute ? 0 : 1)];

    /// <summary>The name a query, route or header parameter goes by, which may differ from the C# one.</summary>
    internal static string BoundName(ParameterInfo parameter) =>
        parameter.GetCustomAttributes(inherit: true).Select(a => a switch
        {
            IFromQueryMetadata query => query.Name,
            IFromRouteMetadata route => route.Name,
            IFromHeaderMetadata header => header.Name,
            _ => null,
        }).FirstOrDefault(name => name is not null) ?? parameter.Name!;

    /// <summary>Checks a value against its rules; false when it is missing though required.</summary>
    private static bool Check(object? value, string field, string memberName, ValidationAttribute[] rules, ValidateContext context)
    {
        context.ValidationContext.DisplayName = field;
        context.ValidationContext.MemberName = memberName;
        foreach (var rule in rules)
        {
            if (rule.GetValidationResult(value, context.ValidationContext) is { } failed && failed != ValidationResult.Success)
            {
                Add(context, field, Wording(rule, failed, field));
                if (rule is RequiredAttribute)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>The framework's rules in the API's words; a rule with a message of its own (ours, or one written on it) keeps it.</summary>
    private static string Wording(ValidationAttribute rule, ValidationResult failed, string field) => rule switch
    {
        _ when rule.ErrorMessage is not null || rule.ErrorMessageResourceType is not null || rule.GetType().Assembly != typeof(ValidationAttribute).Assembly
            => failed.ErrorMessage ?? $"{field} is not valid.",
        RequiredAttribute => $"{field} is required.",
        RangeAttribute range => string.Create(CultureInfo.InvariantCulture, $"{field} must be from {range.Minimum} to {range.Maximum}."),
        StringLengthAttribute { MinimumLength: > 0 } length => $"{field} must be {length.MinimumLength} to {length.MaximumLength} characters long.",
        StringLengthAttribute length => $"{field} must be at most {length.MaximumLength} characters long.",
        _ => $"{field} is not valid.",
    };

    private static void Add(ValidateContext context, string field, string message)
    {
        context.ValidationErrors ??= [];
        context.ValidationErrors[field] = context.ValidationErrors.TryGetValue(field, out var said) ? [.. said, message] : [message];
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    /// <summary>Validates what a field holds (a record, or a list of them) under the field's name.</summary>
    private static async Task NestedAsync(object? value, string field, ValidateContext context, CancellationToken cancellationToken)
    {
        if (value is null or string)
        {
            return;
        }
        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                await NestedAsync(item, $"{field}[{index++}]", context, cancellationToken);
            }
        }
        else if (context.ValidationOptions.TryGetValidatableTypeInfo(value.GetType(), out var record))
        {
            var prefix = context.CurrentValidationPath;
            context.CurrentValidationPath = field;
            try
            {
                await record.ValidateAsync(value, context, cancellationToken);
            }
            finally
            {
                context.CurrentValidationPath = prefix;
            }
        }
    }

    private sealed record Member(string JsonName, string ClrName, Func<object, object?> Get, ValidationAttribute[] Rules);

    /// <summary>A request record: each member's rules, then what its members hold, then its own <see cref="IValidatableObject"/> rules.</summary>
    private sealed class RecordRules(IReadOnlyList<Member> members) : IValidatableInfo
    {
        public async Task ValidateAsync(object? value, ValidateContext context, CancellationToken cancellationToken)
        {
            if (value is null)
            {
                return;
            }
            var prefix = context.CurrentValidationPath;
            var errorsBefore = context.ValidationErrors?.Count ?? 0;
            foreach (var member in members)
            {
                var field = Join(prefix, member.JsonName);
                var memberValue = member.Get(value);
                if (Check(memberValue, field, member.ClrName, member.Rules, context))
                {
                    await NestedAsync(memberValue, field, context, cancellationToken);
                }
            }
            // As the framework does: a record's own rules run once its members are valid.
            if (value is IValidatableObject record && (context.ValidationErrors?.Count ?? 0) == errorsBefore)
            {
                context.ValidationContext.DisplayName = prefix.Length == 0 ? "body" : prefix; // never empty: it throws
                context.ValidationContext.MemberName = null;
                foreach (var failed in record.Validate(context.ValidationContext).Where(r => r != ValidationResult.Success && r.ErrorMessage is not null))
                {
                    var fields = failed.MemberNames.Select(name => Join(prefix, members.FirstOrDefault(m => m.ClrName == name)?.JsonName ?? name)).DefaultIfEmpty(prefix);
                    foreach (var field in fields)
                    {
                        Add(context, field, failed.ErrorMessage!.Replace("{0}", field, StringComparison.Ordinal));
                    }
                }
            }
        }
    }

    /// <summary>A query, route or header parameter's rules, under the name it is sent by.</summary>
    private sealed class ParameterRules(string name, ValidationAttribute[] rules) : IValidatableInfo
    {
        public async Task ValidateAsync(object? value, ValidateContext context, CancellationToken cancellationToken)
        {
            if (Check(value, Join(context.CurrentValidationPath, name), name, rules, context))
            {
                // A body's fields are named from its root, as the framework names them.
                await NestedAsync(value, context.CurrentValidationPath, context, cancellationToken);
            }
        }
    }
}

using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ecommerce.ServiceDefaults;

public static class OptionsValidationExtensions
{
    /// <summary>Binds <typeparamref name="T"/> to a configuration section and validates it when the host starts.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateSection(section).ValidateOnStart();

    /// <summary>
    /// Validates the options' data annotations (and <see cref="IValidatableObject"/>) and
    /// names each failing setting by its configuration key, such as <c>Database:MaxPoolSize</c>,
    /// so that a process that refuses to start says which setting to fix.
    /// </summary>
    public static OptionsBuilder<T> ValidateSection<T>(this OptionsBuilder<T> builder, string section) where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(builder.Name, section));
        return builder;
    }

    /// <summary>
    /// A secret with a public value for development, committed to this repository: the
    /// Development environment gets it when the setting is empty, and any other environment
    /// refuses to start with it, naming the key. (Without a value, the options' own validation
    /// refuses to start.)
    /// </summary>
    public static OptionsBuilder<T> WithDevelopmentDefault<T>(this OptionsBuilder<T> builder, IHostEnvironment environment,
        string section, Expression<Func<T, string>> setting, string developmentValue) where T : class
    {
        var property = (PropertyInfo)((MemberExpression)setting.Body).Member;
        var read = setting.Compile();
        var isDevelopment = environment.IsDevelopment();
        return builder
            .PostConfigure(o =>
            {
                if (isDevelopment && string.IsNullOrEmpty(read(o)))
                {
                    property.SetValue(o, developmentValue);
                }
            })
            .Validate(o => isDevelopment || read(o) != developmentValue,
                $"{section}:{property.Name} is the public development value, which the {environment.EnvironmentName} environment refuses; set a secret one.");
    }

    private sealed class SectionValidator<T>(string? name, string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }
            return ValidateOptionsResult.Fail(results.Select(r =>
                $"{string.Join(", ", r.MemberNames.DefaultIfEmpty("").Select(m => $"{section}:{m}".TrimEnd(':')))}: {r.ErrorMessage}"));
        }
    }
}

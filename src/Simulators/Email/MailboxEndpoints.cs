using Ecommerce.Simulators.Faults;

namespace Ecommerce.Simulators.Email;

public static class MailboxEndpoints
{
    public static IHostApplicationBuilder AddMailbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Mailbox>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMailbox(this IEndpointRouteBuilder app)
    {
        app.MapPost("/email/messages", (EmailMessage message, Mailbox mailbox, FaultInjector faults, HttpContext http) =>
            faults.RunAsync(faults.Settings.Email, http, () =>
            {
                mailbox.Deliver(message);
                return TypedResults.Accepted($"/email/messages/{message.Id}");
            }));
        return app;
    }
}

use anyhow::Context;
use civic_server::config::Config;
use civic_server::newsletter::sending::send_newsletter;
use civic_server::startup::{Application, shutdown_signal};
use civic_server::surveys::invitations::invite_survey;
use civic_server::surveys::results::export;
use civic_server::telemetry;

const USAGE: &str = "Usage:
  civic-server                          serve the site and the API
  civic-server send-newsletter <slug>   send the stored mailing <slug> (or content/newsletters/<slug>/)
                                        to every subscribed address it has not reached
  civic-server invite-survey <slug> <file> [--locale fr]
                                        mail each address in <file> (one a line) its own link to answer
                                        the survey once, in English unless --locale says otherwise
  civic-server survey-results <slug> [--locale fr]
                                        print the survey's results as CSV, private ones too
  civic-server make-admin <email>       make the (open) account of <email> an admin; its sessions end
  civic-server content export <folder>  write every petition (drafts too), page, newsletter mailing
                                        and survey as content/ holds them, with uploaded pictures
                                        in <folder>/media
  civic-server content import <folder>  take what <folder> holds (petitions, pages, newsletters,
                                        surveys) as written there, over any edit made in the console
  civic-server backup <file>            copy the live SQLite database into a new <file>
                                        (for PostgreSQL, use pg_dump)";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => serve().await,
        ["send-newsletter", slug] => {
            let config = Config::from_env()?;
            let queued = send_newsletter(&config, slug).await?;
            println!("Queued {slug} for {queued} subscribers; the running server sends it.");
            Ok(())
        }
        ["invite-survey", slug, file, options @ ..] => {
            let locale = match options {
                [] => civic_api::Locale::DEFAULT,
                ["--locale", locale] => civic_api::Locale::parse(locale)
                    .map_err(|_| anyhow::anyhow!("--locale {locale}: not one of the site's languages"))?,
                _ => anyhow::bail!("unknown arguments {args:?}\n{USAGE}"),
            };
            let config = Config::from_env()?;
            let invited = invite_survey(&config, slug, std::path::Path::new(file), locale).await?;
            println!("Queued invitations to {slug} for {invited} addresses; the running server sends them.");
            Ok(())
        }
        ["survey-results", slug, options @ ..] => {
            let locale = match options {
                [] => civic_api::Locale::DEFAULT,
                ["--locale", locale] => civic_api::Locale::parse(locale)
                    .map_err(|_| anyhow::anyhow!("--locale {locale}: not one of the site's languages"))?,
                _ => anyhow::bail!("unknown arguments {args:?}\n{USAGE}"),
            };
            let config = Config::from_env()?;
            print!("{}", export(&config, slug, locale).await?);
            Ok(())
        }
        ["make-admin", email] => {
            let config = Config::from_env()?;
            civic_server::accounts::roles::make_admin(&config, email).await?;
            println!("{email} is now an admin. Their sessions have ended: they sign in again.");
            Ok(())
        }
        ["content", "export", folder] => {
            let config = Config::from_env()?;
            let written = civic_server::content::transfer::export(&config, std::path::Path::new(folder)).await?;
            println!(
                "Wrote into {folder}: {} petitions, {} page files, {} newsletter mailings, {} surveys.",
                written.petitions, written.pages, written.mailings, written.surveys
            );
            Ok(())
        }
        ["content", "import", folder] => {
            let config = Config::from_env()?;
            let taken = civic_server::content::transfer::import(&config, std::path::Path::new(folder)).await?;
            println!(
                "Took {folder}: petitions {} added, {} updated, {} unchanged; {} page files; \
                 newsletter mailings {} added, {} updated, {} already sent and kept; surveys {} added, {} updated.",
                taken.petitions.added,
                taken.petitions.updated,
                taken.petitions.unchanged,
                taken.pages,
                taken.mailings_added,
                taken.mailings_updated,
                taken.mailings_kept,
                taken.surveys_added,
                taken.surveys_updated
            );
            Ok(())
        }
        ["backup", file] => {
            let config = Config::from_env()?;
            civic_server::db::backup(config.database_url.expose(), std::path::Path::new(file)).await?;
            println!("Copied the database into {file}.");
            Ok(())
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => anyhow::bail!("unknown arguments {args:?}\n{USAGE}"),
    }
}

async fn serve() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    tracing::debug!(?config, "configuration");
    let application = Application::build(config).await?;
    println!("Civic is listening on http://{}", application.address());
    application
        .run_until_stopped(shutdown_signal())
        .await
        .context("The server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}

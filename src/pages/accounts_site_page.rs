//! The accounts bundle's pages; every other page belongs to another bundle.

use civic_api::{SiteRoute, Target};
use leptos::prelude::*;

use crate::pages::account::area::AccountPage;
use crate::pages::account::confirm_account::{AccountLink, ConfirmAccountPage};
use crate::pages::account::forgot_password::ForgotPasswordPage;
use crate::pages::account::join::JoinPage;
use crate::pages::account::reset_password::ResetPasswordPage;
use crate::pages::account::sign_in::SignInPage;
use crate::pages::other_bundle::OtherBundle;

pub fn accounts_page(route: Option<SiteRoute>) -> AnyView {
    let Some(SiteRoute { locale, target }) = route else {
        return view! { <OtherBundle /> }.into_any();
    };
    match target {
        Target::Join => view! { <JoinPage locale /> }.into_any(),
        Target::ConfirmAccount => view! { <ConfirmAccountPage locale link=AccountLink::Open /> }.into_any(),
        Target::ConfirmEmail => view! { <ConfirmAccountPage locale link=AccountLink::MoveAddress /> }.into_any(),
        Target::SignIn => view! { <SignInPage locale /> }.into_any(),
        Target::ForgotPassword => view! { <ForgotPasswordPage locale /> }.into_any(),
        Target::ResetPassword => view! { <ResetPasswordPage locale /> }.into_any(),
        Target::Account => view! { <AccountPage locale /> }.into_any(),
        _ => view! { <OtherBundle /> }.into_any(),
    }
}

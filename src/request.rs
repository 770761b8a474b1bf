//! A request a component makes and the answer it waits for, as two signals.
//! Much lighter in the download than an `Action`, or a `LocalResource` read
//! through `Suspense`, per answer type.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

pub struct Request<T: Send + Sync + 'static> {
    answer: RwSignal<Option<T>>,
    pending: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for Request<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Request<T> {}

impl<T: Send + Sync + 'static> Request<T> {
    pub fn new() -> Request<T> {
        Request {
            answer: RwSignal::new(None),
            pending: RwSignal::new(false),
        }
    }

    /// A request already answered (by the data that came with the page).
    pub fn answered(answer: T) -> Request<T> {
        Request {
            answer: RwSignal::new(Some(answer)),
            pending: RwSignal::new(false),
        }
    }

    /// Sends the request; its answer replaces the last one. The component
    /// may be gone by then, and the answer is dropped.
    pub fn send(self, request: impl Future<Output = T> + 'static) {
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = request.await;
            self.pending.try_set(false);
            self.answer.try_set(Some(answer));
        });
    }

    /// Like `send`, for a read that is pointless once the component is
    /// gone: leaving it aborts the request.
    pub fn load<F: Future<Output = T> + 'static>(self, request: impl FnOnce(Option<web_sys::AbortSignal>) -> F) {
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|controller| controller.signal());
        let controller = SendWrapper::new(controller);
        on_cleanup(move || {
            if let Some(controller) = controller.take() {
                controller.abort();
            }
        });
        self.send(request(signal));
    }

    pub fn pending(self) -> ReadSignal<bool> {
        self.pending.read_only()
    }

    /// The last answer, once there is one.
    pub fn answer(self) -> ReadSignal<Option<T>> {
        self.answer.read_only()
    }
}

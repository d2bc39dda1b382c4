// A runtime module with a mistake in it, as a user may write one: it throws while it loads.
throw new Error("Notes pallet: MaxLength must be set");

"""The wizard's parts behind :class:`assistant.controller.WizardController` (no Streamlit here)."""

# Sourced by bench/run.sh and bench/start-time.sh: every provider and the model configured (so that their
# classes load as in a real start) with their base URLs on a closed local port, so nothing is called.
closed=http://127.0.0.1:9
export ROUTES_DIR=$PWD/routes
export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_AUTH_TOKEN=offline
export TWILIO_WHATSAPP_FROM=whatsapp:+14155238886 TWILIO_API_BASE_URL=$closed
export META_ACCESS_TOKEN=offline META_PHONE_NUMBER_ID=123 META_APP_SECRET=offline
export META_VERIFY_TOKEN=offline META_GRAPH_BASE_URL=$closed META_API_VERSION=v26.0
export KOMMO_WEBHOOK_SECRET=offline KOMMO_CHANNEL_ID=c KOMMO_CHANNEL_SECRET=s KOMMO_SCOPE_ID=scope
export KOMMO_BOT_ID=bot KOMMO_AMOJO_BASE_URL=$closed
export AI_BASE_URL=$closed/v1 AI_API_KEY=offline AI_MODEL=offline

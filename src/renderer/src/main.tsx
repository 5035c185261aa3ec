import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '@fontsource-variable/inter'
import './styles/theme.css'
import './styles/layout.css'
import './styles/controls.css'
import './styles/queue.css'
import './styles/queue-rows.css'
import './styles/detail.css'
import './styles/library.css'
import './styles/player.css'
import './styles/settings.css'
import { createStudioConnection } from './client'
import { exchangeLoginFragment } from './client/login-fragment'
import { App } from './components/app/App'
import { connectStudio } from './stores/connect-studio'

exchangeLoginFragment()
const connection = createStudioConnection()
connectStudio(connection.client)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App socket={connection.socket} />
  </StrictMode>
)

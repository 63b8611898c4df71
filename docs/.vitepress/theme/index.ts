/** The default theme, with table styles for the generated reference pages. */
import DefaultTheme from 'vitepress/theme'
import './reference.css'

export default DefaultTheme
